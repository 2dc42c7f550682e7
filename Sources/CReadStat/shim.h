// ReadStat (Debian libreadstat-dev): Stata, SPSS and SAS files. Only Tables imports it.
#include <readstat.h>
