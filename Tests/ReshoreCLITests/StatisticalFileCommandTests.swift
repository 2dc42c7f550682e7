import Foundation
import Testing
import Regress
import ReshoringStudy
import TestSupport

/// Issue 32 through `reshore`: Stata and SPSS files as `--data`, `--labels`, and `simulate --out`
/// writing .dta and .sav that the study reads as it reads the CSV.
struct StatisticalFileCommandTests {
    static let folder = FixtureFiles.url("statfiles")

    @Test func fitReadsStataAndSPSSAndShowsLabels() throws {
        for file in ["survey-pandas.dta", "survey.sav"] {
            let run = try ReshoreBinary.run(["fit", "--data", Self.folder.appendingPathComponent(file).path,
                                             "--formula", "backshored ~ i40_technologies + C(sector)", "--labels"])
            #expect(run.status == 0, "\(file): \(run.error)")
            #expect(run.output.contains("Industrie 4.0 technologies used (0-7)") && run.output.contains("Sector: machinery"), "\(file)")
        }
        // Side by side too.
        let table = try ReshoreBinary.run(["fit", "--data", Self.folder.appendingPathComponent("survey-pandas.dta").path, "--formula",
                                           "backshored ~ i40_technologies + C(sector)", "--model", "logit", "--model", "probit", "--labels"])
        #expect(table.status == 0 && table.output.contains("Sector: machinery") && table.output.contains("Industrie 4.0 technologies used"))
        let broken = try ReshoreBinary.run(["fit", "--data", Self.folder.appendingPathComponent("broken/csv-renamed.dta").path, "--formula", "y ~ x"])
        #expect(broken.status != 0 && broken.error.contains("cannot be read as a Stata .dta file"))
    }

    @Test func simulateWritesDtaAndSavThatTheStudyReadsAsTheCSV() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regress-statfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try CSVReader.read(contentsOf: FixtureFiles.url("ems2015-synthetic.csv"))
        for ext in ["dta", "sav"] {
            let path = dir.appendingPathComponent("survey.\(ext)").path
            let run = try ReshoreBinary.run(["simulate", "--calibrated", "--out", path])
            #expect(run.status == 0, "\(ext): \(run.error)")
            let table = try DataFileReader.read(contentsOf: URL(fileURLWithPath: path))
            for column in csv.columns {
                #expect(table[column.name]?.values == column.values && table[column.name]?.missing == column.missing, "\(ext) \(column.name)")
            }
            #expect(table["i40_technologies"]?.label == SurveySchema.variableLabels["i40_technologies"])
            // The table is the CSV's column for column, so the study's numbers are too; the study is
            // run once on the .dta to show it takes the file.
            guard ext == "dta" else { continue }
            let fromFile = try ReshoringStudyAnalysis.run(data: table, replicates: 10, permutations: 19)
            let fromCSV = try ReshoringStudyAnalysis.run(data: csv, replicates: 10, permutations: 19)
            #expect(fromFile.headline.fit.coefficients == fromCSV.headline.fit.coefficients, "\(ext)")
            #expect(fromFile.designBased?.designEstimate == fromCSV.designBased?.designEstimate, "\(ext)")
        }
    }

    @Test func termLabelsNameTermsByTheirVariablesLabels() {
        let labels = TermLabels(["sector": "Sector", "employees": "Employees", "x": "An x"])
        #expect(labels("C(sector)[T.food]") == "Sector: food")
        #expect(labels("C(sector, ref=\"food\")[T.machinery]") == "Sector: machinery")
        #expect(labels("sector[food]") == "Sector: food")
        #expect(labels("log(employees)") == "log(Employees)")
        #expect(labels("x:C(sector)[T.food]") == "An x × Sector: food")
        #expect(labels("Intercept") == "Intercept" && labels("employees2") == "employees2")
        #expect(TermLabels.none("C(sector)[T.food]") == "C(sector)[T.food]")
    }
}

/// `reshore fit --observations FILE` (issue 33, item 1).
struct ObservationsCommandTests {
    @Test func observationsAreWrittenAsCSVOneRowPerDataRow() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("regress-obs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("obs.csv").path
        let data = FixtureFiles.url("inference/observations-data.csv").path
        let run = try ReshoreBinary.run(["fit", "--data", data, "--formula", "low ~ age + lwt + C(race) + smoke", "--weights", "w",
                                         "--observations", out])
        #expect(run.status == 0, "\(run.error)")
        let table = try CSVReader.read(contentsOf: URL(fileURLWithPath: out))
        #expect(table.rowCount == 189 && table["dfbeta:C(race)[T.2]"] != nil && table["cooks_distance"]?.missing[4] == true)
        let refused = try ReshoreBinary.run(["fit", "--data", data, "--formula", "low ~ age", "--observations", data])
        #expect(refused.status != 0)
    }
}
