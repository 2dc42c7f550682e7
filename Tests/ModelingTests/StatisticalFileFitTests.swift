import Foundation
import Testing
import Regress
import TestSupport

/// Issue 32: a fit on a Stata or SPSS file equals the fit on the same data as CSV.
struct StatisticalFileFitTests {
    @Test(arguments: [("survey-pandas.dta", "survey.csv"), ("survey-tagged.dta", "survey.csv"), ("survey.sav", "survey-spss.csv"),
                      ("survey-latin1.dta", "survey-latin1.csv")])
    func aFitOnTheFileIsTheFitOnTheCSV(_ file: String, _ csv: String) throws {
        let formula = "backshored ~ i40_technologies + log(employees) + C(sector) + C(rating)"
        let fromFile = try BinaryRegression.fit(formula, data: DataFileReader.read(contentsOf: FixtureFiles.url("statfiles/\(file)")), model: .firth)
        let fromCSV = try BinaryRegression.fit(formula, data: DataFileReader.read(contentsOf: FixtureFiles.url("statfiles/\(csv)")), model: .firth)
        #expect(fromFile.coefficientNames == fromCSV.coefficientNames)
        #expect(fromFile.frame.rowIndices == fromCSV.frame.rowIndices)
        for (a, b) in zip(fromFile.coefficients, fromCSV.coefficients) {
            #expect(a.estimate == b.estimate && a.standardError == b.standardError, "\(file) \(a.term)")
        }
    }
}
