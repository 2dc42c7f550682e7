#!/usr/bin/env bash
# Runs the test suite under AddressSanitizer and/or ThreadSanitizer (hardening issue).
#   bash Scripts/sanitize.sh            both, address first
#   bash Scripts/sanitize.sh thread     one of them; extra arguments go to `swift test`
#                                       (e.g. `bash Scripts/sanitize.sh thread --filter Bootstrap`)
# Each sanitizer builds into its own folder (.build-address, .build-thread) and the run fails on
# the first report (halt_on_error). Results of the last full runs: Docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizers=(address thread)
if [ $# -gt 0 ] && { [ "$1" = address ] || [ "$1" = thread ]; }; then sanitizers=("$1"); shift; fi
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=0:${ASAN_OPTIONS:-}"
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:${TSAN_OPTIONS:-}"
# OpenBLAS is not instrumented; its own worker threads would look like races to TSan. The engine
# already pins BLAS to one thread inside parallel sections; pin it for the whole run.
export OPENBLAS_NUM_THREADS=1
for sanitizer in "${sanitizers[@]}"; do
    echo "== swift test --sanitize=$sanitizer $*"
    start=$(date +%s)
    # The exit status of `swift test` itself (PIPESTATUS read right after the pipeline: behind
    # `|| true` it was `true`'s, which hid a failed build as exit 0, 2026-11-25).
    set +e
    swift test --sanitize="$sanitizer" --build-path ".build-$sanitizer" "$@" 2>&1 | tee "/tmp/regress-sanitize-$sanitizer.log" | grep -E "^(✔|✘) Test run|ERROR: (Address|Thread)Sanitizer|WARNING: ThreadSanitizer|SUMMARY:|error:"
    status=${PIPESTATUS[0]}
    set -e
    if grep -qE "ERROR: AddressSanitizer|WARNING: ThreadSanitizer" "/tmp/regress-sanitize-$sanitizer.log"; then status=1; fi
    if ! grep -qE "^✔ Test run with" "/tmp/regress-sanitize-$sanitizer.log"; then status=1; fi
    echo "== $sanitizer: exit $status after $(( $(date +%s) - start )) s (log: /tmp/regress-sanitize-$sanitizer.log)"
    [ "$status" -eq 0 ] || exit "$status"
done
