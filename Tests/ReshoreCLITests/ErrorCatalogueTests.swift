import Foundation
import Regress
import ReshoringStudy
import Certification
import Testing
import TestSupport

/// `Docs/errors.md` is generated from this catalogue: every user-facing error with an input that
/// provokes it and the exact message Regress gives. The tests provoke each error (through the
/// `reshore` binary where the CLI can reach it, through the library API otherwise), check that
/// every error case declared in `Sources/` is catalogued, and that the document is current.
/// Regenerate the document after changing a message: `REGRESS_WRITE_ERRORS=1 swift test --filter ErrorCatalogue`.
struct ErrorCatalogueTests {
    /// One catalogued error.
    struct Entry: Sendable {
        /// `Type.case`, e.g. `DataError.raggedRow`; CLI option checks use `reshore <command> <option>`.
        let id: String
        /// How to provoke it, as shown in the document.
        let input: String
        /// Produces the message (runs the CLI or the library call) and, for library calls, the
        /// `Type.case` of the error actually thrown.
        let message: @Sendable () throws -> (text: String, thrown: String?)
    }

    // MARK: - Provoking errors

    /// Runs `reshore` with `arguments` (`DATA` replaced by a file holding `csv`) and returns what
    /// it printed after `Error: `, up to the usage hint.
    static func cli(_ arguments: [String], csv: String? = nil) throws -> String {
        guard let csv else { return try cliMessage(arguments) }
        return try cliBytes(arguments, bytes: Array(csv.utf8))
    }

    /// `cli` with a data file of raw bytes (for encodings).
    static func cliBytes(_ arguments: [String], bytes: [UInt8]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("regress-errors-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        // A message that names the data file shows it as the document does (data.csv).
        return try cliMessage(arguments.map { $0 == "DATA" ? url.path : $0 }).replacingOccurrences(of: url.path, with: "data.csv")
    }

    static func cliMessage(_ arguments: [String]) throws -> String {
        let result = try ReshoreBinary.run(arguments)
        guard result.status != 0, let range = result.error.range(of: "Error: ") else {
            return "(no error; exit status \(result.status))"
        }
        var text = String(result.error[range.upperBound...])
        if let usage = text.range(of: "\nUsage:") { text = String(text[..<usage.lowerBound]) }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The description of the error `body` throws, and its `Type.case` (the case read from the
    /// enum's reflection: the payload's label, or the bare value for cases without one).
    static func library(_ body: () throws -> Void) -> (text: String, thrown: String?) {
        do {
            try body()
            return ("(no error)", nil)
        } catch {
            let label = Mirror(reflecting: error).children.first?.label
            return (String(describing: error), label.map { "\(type(of: error)).\($0)" })
        }
    }

    /// The CLI input as shown in the document: the command line, then the file.
    static func shown(_ arguments: [String], csv: String? = nil) -> String {
        let plain = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./=:,-")
        let command = "reshore " + arguments.map { $0.allSatisfy(plain.contains) && !$0.isEmpty ? $0 : "'\($0)'" }
            .joined(separator: " ").replacingOccurrences(of: "DATA", with: "data.csv")
        guard let csv else { return "$ " + command }
        return "$ " + command + "\n# data.csv:\n" + (csv.isEmpty ? "(empty file)" : csv.trimmingCharacters(in: .newlines))
    }

    static func fit(_ id: String, _ arguments: [String], csv: String) -> Entry {
        let full = ["fit", "--data", "DATA"] + arguments
        return Entry(id: id, input: shown(full, csv: csv)) { (try cli(full, csv: csv), nil) }
    }

    static func command(_ id: String, _ arguments: [String], csv: String? = nil) -> Entry {
        Entry(id: id, input: shown(arguments, csv: csv)) { (try cli(arguments, csv: csv), nil) }
    }

    static func code(_ id: String, _ input: String, _ body: @escaping @Sendable () throws -> Void) -> Entry {
        Entry(id: id, input: input) { library(body) }
    }

    static let binary = "y,x\n1,2.5\n0,1.0\n1,3.5\n0,0.5\n1,2.0\n0,1.5\n"
    static let grouped = "y,x,g\n1,2.5,a\n0,1.0,b\n1,3.5,c\n0,0.5,a\n1,2.0,b\n0,1.5,c\n1,0.7,a\n0,2.2,b\n"

    /// A two-stratum sample of four PSUs with weights and fpc (population sizes).
    static let survey = "y,x,s,p,w,f\n1,2.5,a,1,10,20\n0,1.0,a,1,10,20\n1,3.5,a,2,12,20\n0,0.5,a,2,12,20\n1,2.0,b,3,8,30\n0,1.5,b,3,8,30\n1,0.7,b,4,9,30\n0,2.2,b,4,9,30\n"
    static let surveyOnePSU = "y,x,one,w\n1,2.5,1,10\n0,1.0,1,10\n1,3.5,1,12\n0,0.5,1,12\n"
    static let surveyReplicates = "y,x,w,r1,r2\n1,2.5,10,0,20\n0,1.0,10,0,20\n1,3.5,12,24,0\n0,0.5,12,24,0\n1,2.0,8,8,8\n0,1.5,8,8,8\n"

    /// A small logit fit for the post-estimation errors.
    static func smallFit() throws -> (GLMFit, ModelFrame) {
        let frame = try ModelFrame(formula: "y ~ x + C(g)", data: CSVReader.read(text: grouped), response: .binary(eventLevel: nil))
        return (try GLM.fit(design: frame.design, response: frame.response, termNames: frame.columnNames), frame)
    }

    // MARK: - The catalogue

    static let entries: [Entry] = [
        // Reading data (DataError).
        fit("DataError.emptyFile", ["--formula", "y ~ x"], csv: ""),
        fit("DataError.headerOnly", ["--formula", "y ~ x"], csv: "y,x\n"),
        fit("DataError.raggedRow", ["--formula", "y ~ x"], csv: "y,x\n1,2\n0,3,4\n"),
        fit("DataError.unterminatedQuote", ["--formula", "y ~ x"], csv: "y,x\n1,\"2\n0,3\n"),
        fit("DataError.textAfterClosingQuote", ["--formula", "y ~ x"], csv: "y,x\n1,\"2\"5\n0,3\n"),
        fit("DataError.duplicateColumnName", ["--formula", "y ~ x"], csv: "y,x,x\n1,2,3\n"),
        fit("DataError.emptyColumnName", ["--formula", "y ~ x"], csv: "y,,x\n1,2,3\n"),
        code("DataError.unknownColumn", "try CSVReader.read(text: \"y,x\\n1,2\\n\").column(named: \"xx\")") {
            _ = try CSVReader.read(text: "y,x\n1,2\n").column(named: "xx")
        },
        code("DataError.notANumber", "try CSVReader.read(text: \"y,x\\n1,2\\n0,n/a\\n\", options: CSVReadOptions(columnTypes: [\"x\": .numeric]))") {
            _ = try CSVReader.read(text: "y,x\n1,2\n0,n/a\n", options: CSVReadOptions(columnTypes: ["x": .numeric]))
        },
        fit("DataError.nonFiniteValue", ["--formula", "y ~ x"], csv: "y,x\n1,2\n0,Inf\n"),
        code("DataError.notABoolean", "try CSVReader.read(text: \"f\\ntrue\\nmaybe\\n\", options: CSVReadOptions(inferenceRows: 1))") {
            _ = try CSVReader.read(text: "f\ntrue\nmaybe\n", options: CSVReadOptions(inferenceRows: 1))
        },
        code("DataError.lengthMismatch", "var table = try CSVReader.read(text: \"y\\n1\\n0\\n\")\ntry table.addColumn(Column(name: \"x\", numeric: [1, 2, 3]))") {
            var table = try CSVReader.read(text: "y\n1\n0\n")
            try table.addColumn(Column(name: "x", numeric: [1, 2, 3]))
        },
        code("DataError.unknownTypeOverride", "try CSVReader.read(text: \"y,x\\n1,2\\n\", options: CSVReadOptions(columnTypes: [\"z\": .numeric]))") {
            _ = try CSVReader.read(text: "y,x\n1,2\n", options: CSVReadOptions(columnTypes: ["z": .numeric]))
        },
        fit("DataError.decimalCommaSuspected", ["--formula", "y ~ x"], csv: "y;x\n1;1,5\n0;2,25\n1;0,75\n0;3,5\n"),
        command("DataError.unreadable", ["fit", "--data", "/no/such/file.csv", "--formula", "y ~ x"]),

        // Formulas and designs (FormulaError).
        fit("FormulaError.syntax", ["--formula", "y ~ (x + 1"], csv: binary),
        fit("FormulaError.unknownFunction", ["--formula", "y ~ sin(x)"], csv: binary),
        fit("FormulaError.unknownColumn", ["--formula", "y ~ z"], csv: binary),
        fit("FormulaError.nonFiniteValue", ["--formula", "y ~ log(x)"], csv: "y,x\n1,2\n0,0\n1,3\n0,1\n"),
        fit("FormulaError.categoricalInArithmetic", ["--formula", "y ~ I(g * 2)"], csv: grouped),
        fit("FormulaError.singleLevelFactor", ["--formula", "y ~ x + C(g)"], csv: "y,x,g\n1,2,a\n0,1,a\n1,3,a\n0,NA,b\n"),
        fit("FormulaError.unknownReferenceLevel", ["--formula", "y ~ C(g, ref=\"z\")"], csv: grouped),
        fit("FormulaError.nonBinaryOutcome", ["--formula", "y ~ x"], csv: "y,x\n1,2\n2,1\n0,3\n"),
        fit("FormulaError.unknownEventLevel", ["--formula", "y ~ x", "--event", "maybe"], csv: "y,x\nyes,2\nno,1\nyes,3\nno,0.5\n"),
        fit("FormulaError.noCompleteRows", ["--formula", "y ~ x"], csv: "y,x\n1,NA\nNA,2\n"),
        fit("FormulaError.missingResponse", ["--formula", "~ x"], csv: binary),
        Entry(id: "FormulaError.designTooLarge",
              input: "$ reshore fit --data data.csv --formula 'y ~ x + C(a):C(b):C(c)'\n"
                  + "# data.csv: 1,000 rows; a, b and c each take 1,000 distinct values") {
            let rows = (0..<1000).map { "\($0 % 2),\($0),a\($0),b\($0),c\($0)" }
            return (try cli(["fit", "--data", "DATA", "--formula", "y ~ x + C(a):C(b):C(c)"], csv: "y,x,a,b,c\n" + rows.joined(separator: "\n") + "\n"), nil)
        },

        // Model inputs (ModelError, GLMError): through the library, since the CLI builds them itself.
        fit("ModelError.tooFewObservations", ["--model", "lpm", "--formula", "y ~ x + C(g)"], csv: "y,x,g\n1,2,a\n0,1,b\n1,3,c\n"),
        fit("ModelError.emptyDesign", ["--formula", "y ~ 0"], csv: binary),
        code("ModelError.dimensionMismatch", "try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [1, 0], termNames: [\"Intercept\", \"x\"])") {
            _ = try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [1, 0], termNames: ["Intercept", "x"])
        },
        code("ModelError.termCountMismatch", "try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [1, 0, 1], termNames: [\"x\"])") {
            _ = try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [1, 0, 1], termNames: ["x"])
        },
        code("ModelError.nonFiniteValue", "try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, .nan], [1, 4]]), response: [1, 0, 1], termNames: [\"Intercept\", \"x\"])") {
            _ = try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, .nan], [1, 4]]), response: [1, 0, 1], termNames: ["Intercept", "x"])
        },
        code("GLMError.responseOutOfRange", "try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [1, 0, 2], termNames: [\"Intercept\", \"x\"])") {
            _ = try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [1, 0, 2], termNames: ["Intercept", "x"])
        },
        fit("GLMError.invalidWeight", ["--formula", "y ~ x", "--weights", "w"], csv: "y,x,w\n1,2,1\n0,1,-1\n1,3,1\n0,0.5,2\n"),
        code("GLMError.invalidOffset", "try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [1, 0, 1], termNames: [\"Intercept\", \"x\"], offset: [0, .infinity, 0])") {
            _ = try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [1, 0, 1], termNames: ["Intercept", "x"], offset: [0, .infinity, 0])
        },
        code("GLMError.startLength", "try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [1, 0, 1], termNames: [\"Intercept\", \"x\"], options: GLMOptions(start: [0]))") {
            _ = try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [1, 0, 1], termNames: ["Intercept", "x"], options: GLMOptions(start: [0]))
        },
        code("GLMError.trialsLength", "try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [0.5, 0, 1], termNames: [\"Intercept\", \"x\"], trials: [2, 1])") {
            _ = try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [0.5, 0, 1], termNames: ["Intercept", "x"], trials: [2, 1])
        },
        code("GLMError.invalidTrials", "try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [0.5, 0, 1], termNames: [\"Intercept\", \"x\"], trials: [2, 0, 1])") {
            _ = try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [0.5, 0, 1], termNames: ["Intercept", "x"], trials: [2, 0, 1])
        },
        fit("FormulaError.invalidCount", ["--formula", "cbind(s, n - s) ~ x"], csv: "s,n,x\n3,5,1\n6,4,0\n1,4,2\n"),
        fit("ModelingError.absorbedFactors", ["--formula", "y ~ x | g", "--model", "lpm"], csv: "y,x,g\n1,2,a\n0,1,a\n1,3,b\n0,0.5,b\n1,2.5,c\n0,1.5,c\n"),
        fit("AbsorbedFitError.noColumnLeft", ["--formula", "y ~ x | g"], csv: "y,x,g\n1,2,a\n0,2,a\n1,3,b\n0,3,b\n1,5,c\n0,5,c\n"),
        code("AbsorbedFitError.projectionsDidNotConverge", "try AbsorbingGLM.fit(design: x, response: y, termNames: [\"x\"], weights: nil, offset: nil, fixedEffects: FixedEffects(names: [\"g\", \"h\"], codes: [[0, 0, 1, 1, 2, 2], [0, 1, 1, 2, 2, 0]], levelCounts: [3, 3]), options: GLMOptions(), maxSweeps: 1)") {
            _ = try AbsorbingGLM.fit(design: Matrix(rowMajor: [[1.5], [0.2], [2.1], [0.7], [1.1], [0.4]]), response: [1, 0, 1, 0, 0, 1], termNames: ["x"],
                                     weights: nil, offset: nil,
                                     fixedEffects: FixedEffects(names: ["g", "h"], codes: [[0, 0, 1, 1, 2, 2], [0, 1, 1, 2, 2, 0]], levelCounts: [3, 3]),
                                     options: GLMOptions(), maxSweeps: 1)
        },
        fit("ModelingError.groupedResponse", ["--formula", "cbind(s, f) ~ x", "--model", "lpm"], csv: "s,f,x\n3,2,1\n2,1,0\n1,4,2\n0,3,1\n"),
        code("GLMError.firthRequiresLogit", "try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [1, 0, 1], termNames: [\"Intercept\", \"x\"], options: GLMOptions(link: .probit, penalty: .jeffreys))") {
            _ = try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4]]), response: [1, 0, 1], termNames: ["Intercept", "x"],
                            options: GLMOptions(link: .probit, penalty: .jeffreys))
        },

        // Stata, SPSS and SAS files (DataError).
        Entry(id: "DataError.unreadableStatisticalFile", input: "$ reshore fit --data truncated.dta --formula 'y ~ x'   # the first half of a Stata file") {
            // The fixture's folder differs between checkouts: the message shows the file as named.
            let folder = FixtureFiles.url("statfiles/broken").path + "/"
            let result = library { _ = try StatisticalFileReader.read(contentsOf: FixtureFiles.url("statfiles/broken/truncated.dta")) }
            return (result.text.replacingOccurrences(of: folder, with: ""), result.thrown)
        },
        Entry(id: "DataError.csvOnlyOption", input: "$ reshore fit --data survey.dta --formula 'backshored ~ i40_technologies' --decimal-comma") {
            let message = try cli(["fit", "--data", FixtureFiles.url("statfiles/survey-pandas.dta").path, "--formula", "backshored ~ i40_technologies",
                                   "--decimal-comma"])
            return (message, nil)
        },
        code("DataError.unwritableStatisticalFile", "try StatisticalFileWriter.bytes(table, format: .dta, path: \"out.dta\")   // a column named \"bad name\"") {
            _ = try StatisticalFileWriter.bytes(CSVReader.read(text: "bad name,y\n1,0\n2,1\n"), format: .dta, path: "out.dta")
        },

        // Survey designs (SurveyDesignError, SurveyError, and CovarianceError's design cases).
        fit("SurveyDesignError.invalidSpecification", ["--formula", "y ~ x", "--design", "strata=s,weigths=w"], csv: survey),
        fit("SurveyDesignError.invalidDomain", ["--formula", "y ~ x", "--design", "weights=w", "--subpop", "s=a"], csv: survey),
        fit("SurveyDesignError.missingValues", ["--formula", "y ~ x", "--design", "strata=s,weights=w"],
            csv: survey.replacingOccurrences(of: "1,2.0,b,3", with: "1,2.0,,3")),
        fit("SurveyDesignError.notNumeric", ["--formula", "y ~ x", "--design", "weights=s"], csv: survey),
        fit("SurveyDesignError.invalidWeight", ["--formula", "y ~ x", "--design", "weights=w"], csv: survey.replacingOccurrences(of: "1,3.5,a,2,12", with: "1,3.5,a,2,-12")),
        fit("SurveyDesignError.notNested", ["--formula", "y ~ x", "--design", "strata=s,psu=p,weights=w"], csv: survey.replacingOccurrences(of: ",b,4,", with: ",b,1,")),
        fit("SurveyDesignError.singlePSU", ["--formula", "y ~ x", "--design", "psu=one,weights=w"], csv: surveyOnePSU),
        fit("SurveyDesignError.fpcStages", ["--formula", "y ~ x", "--design", "psu=p,fpc=f+f"], csv: survey),
        fit("SurveyDesignError.fpcInvalid", ["--formula", "y ~ x", "--design", "strata=s,fpc=f"], csv: survey.replacingOccurrences(of: "0,1.0,a,1,10,20", with: "0,1.0,a,1,10,0.5")),
        fit("SurveyDesignError.fpcVaries", ["--formula", "y ~ x", "--design", "strata=s,psu=p,fpc=f"], csv: survey.replacingOccurrences(of: "0,1.0,a,1,10,20", with: "0,1.0,a,1,10,25")),
        fit("SurveyDesignError.fpcBelowSample", ["--formula", "y ~ x", "--design", "strata=s,psu=p,fpc=f"], csv: survey.replacingOccurrences(of: ",a,1,10,20", with: ",a,1,10,1").replacingOccurrences(of: ",a,2,12,20", with: ",a,2,12,1")),
        fit("SurveyDesignError.noReplicateColumns", ["--formula", "y ~ x", "--design", "weights=w,replicates=rep*,type=jk1"], csv: survey),
        fit("SurveyDesignError.jknNeedsRscales", ["--formula", "y ~ x", "--design", "weights=w,replicates=r*,type=jkn"], csv: surveyReplicates),
        fit("SurveyDesignError.rscalesCount", ["--formula", "y ~ x", "--design", "weights=w,replicates=r*,type=jkn,rscales=0.5"], csv: surveyReplicates),
        fit("SurveyDesignError.domainValue", ["--formula", "y ~ x", "--design", "weights=w", "--subpop", "x"], csv: survey),
        fit("SurveyDesignError.emptyDomain", ["--formula", "y ~ x", "--design", "weights=w", "--subpop", "s==c"], csv: survey),
        code("SurveyDesignError.conflictingOption", "try BinaryRegression.fit(\"y ~ x\", data: data, weights: Weights(\"w\", kind: .sampling), design: SurveyDesign(weights: \"w\"))") {
            _ = try BinaryRegression.fit("y ~ x", data: CSVReader.read(text: survey), weights: Weights("w", kind: .sampling), design: SurveyDesign(weights: "w"))
        },
        fit("CovarianceError.design", ["--formula", "y ~ x", "--design", "strata=s,psu=p,weights=w"], csv: survey.replacingOccurrences(of: ",b,4,", with: ",b,3,")),
        code("CovarianceError.missingDesign", "try RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response, estimator: .linearized)") {
            let (fit, frame) = try smallFit()
            _ = try RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response, estimator: .linearized)
        },
        code("CovarianceError.replicatesNeedRefits", "try RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response, estimator: .replicates)") {
            let (fit, frame) = try smallFit()
            _ = try RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response, estimator: .replicates)
        },
        code("SurveyError.lonelyPSU", "let design = try SurveyDesign(strata: \"s\", psu: [\"p\"], weights: \"w\").resolve(on: data)   // stratum b: one PSU\ntry design.structure.meat(unitTotals: Matrix(rows: 3, columns: 1, repeating: 1), rows: Array(0..<8))") {
            let design = try SurveyDesign(strata: "s", psu: ["p"], weights: "w").resolve(on: CSVReader.read(text: survey.replacingOccurrences(of: ",b,4,", with: ",b,3,")))
            _ = try design.structure.meat(unitTotals: Matrix(rows: 3, columns: 1, repeating: 1), rows: Array(0..<8))
        },
        code("SurveyError.nothingToAverage", "// two stages with an fpc each; PSU 3 holds one second-stage unit\nlet design = try SurveyDesign(strata: \"s\", psu: [\"p\", \"q\"], fpc: [\"f\", \"g\"], lonelyPSU: .average).resolve(on: data)\ntry design.structure.meat(unitTotals: …, rows: Array(0..<8))") {
            let csv = "y,x,s,p,q,f,g\n1,2.5,a,1,1,20,5\n0,1.0,a,1,2,20,5\n1,3.5,a,2,1,20,5\n0,0.5,a,2,2,20,5\n1,2.0,b,3,1,30,5\n0,1.5,b,3,1,30,5\n1,0.7,b,4,1,30,5\n0,2.2,b,4,2,30,5\n"
            let design = try SurveyDesign(strata: "s", psu: ["p", "q"], fpc: ["f", "g"], lonelyPSU: .average).resolve(on: CSVReader.read(text: csv))
            let units = design.structure.varianceUnits(rows: Array(0..<8))
            _ = try design.structure.meat(unitTotals: Matrix(rows: units.count, columns: 1, repeating: 1), rows: Array(0..<8))
        },
        code("SurveyError.unitTotals", "let design = try SurveyDesign(strata: \"s\", psu: [\"p\"], weights: \"w\").resolve(on: data)   // 4 PSUs\ntry design.structure.meat(unitTotals: Matrix(rows: 2, columns: 1), rows: Array(0..<8))") {
            let design = try SurveyDesign(strata: "s", psu: ["p"], weights: "w").resolve(on: CSVReader.read(text: survey))
            _ = try design.structure.meat(unitTotals: Matrix(rows: 2, columns: 1), rows: Array(0..<8))
        },

        // Covariances and tests (CovarianceError, HypothesisTestError).
        fit("CovarianceError.tooFewClusters", ["--formula", "y ~ x", "--vce", "cluster:g"], csv: "y,x,g\n1,2.5,a\n0,1.0,a\n1,3.5,a\n0,0.5,a\n1,2.0,a\n0,1.5,a\n"),
        code("CovarianceError.tooManyClusterDimensions", "// reshore's --vce accepts at most two cluster variables; the library says why\ntry RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response, estimator: .cluster([], adjustment: .stata), clusters: [g, h, k])") {
            let (fit, frame) = try smallFit()
            let ids = (0..<frame.design.rows).map { String($0 % 3) }
            _ = try RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response, estimator: .cluster([], adjustment: .stata), clusters: [ids, ids, ids])
        },
        fit("CovarianceError.leveragedObservation", ["--model", "lpm", "--vce", "hc3", "--formula", "y ~ x + C(g)"], csv: "y,x,g\n1,2.5,a\n0,1.0,a\n1,3.5,a\n0,0.5,a\n1,2.0,b\n0,1.5,a\n"),
        code("CovarianceError.clusterLength", "let (fit, frame) = … // logit y ~ x + C(g) on 8 rows\ntry RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response, estimator: .cluster([], adjustment: .stata), clusters: [[\"a\", \"b\", \"c\"]])") {
            let (fit, frame) = try smallFit()
            _ = try RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response, estimator: .cluster([], adjustment: .stata), clusters: [["a", "b", "c"]])
        },
        code("CovarianceError.missingClusters", "try RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response, estimator: .cluster([], adjustment: .stata))") {
            let (fit, frame) = try smallFit()
            _ = try RobustCovariance.covariance(of: fit, design: frame.design, response: frame.response, estimator: .cluster([], adjustment: .stata))
        },
        fit("HypothesisTestError.unknownTerm", ["--formula", "y ~ x + C(g)", "--test", "C(h)"], csv: grouped),
        code("HypothesisTestError.restrictionShape", "try WaldTest.linearHypothesis(fit, restrictions: Matrix(rows: 1, columns: 2), values: [0])   // fit has 4 coefficients") {
            let (fit, _) = try smallFit()
            _ = try WaldTest.linearHypothesis(fit, restrictions: Matrix(rows: 1, columns: 2), values: [0])
        },
        code("HypothesisTestError.aliasedCoefficient", "// logit y ~ x + z where z = 2x, so z is aliased\ntry WaldTest.linearHypothesis(fit, restrictions: Matrix(rowMajor: [[0, 1, -1]]), values: [0])") {
            let data = try CSVReader.read(text: "y,x,z\n1,2.5,5\n0,1.0,2\n1,3.5,7\n0,0.5,1\n1,2.0,4\n0,1.5,3\n1,0.7,1.4\n0,2.2,4.4\n")
            let frame = try ModelFrame(formula: "y ~ x + z", data: data, response: .binary(eventLevel: nil))
            let fit = try GLM.fit(design: frame.design, response: frame.response, termNames: frame.columnNames)
            _ = try WaldTest.linearHypothesis(fit, restrictions: Matrix(rowMajor: [[0, 1, -1]]), values: [0])
        },
        code("HypothesisTestError.singularRestrictions", "try WaldTest.linearHypothesis(fit, restrictions: Matrix(rowMajor: [[0, 1, 0, 0], [0, 1, 0, 0]]), values: [0, 0])") {
            let (fit, _) = try smallFit()
            _ = try WaldTest.linearHypothesis(fit, restrictions: Matrix(rowMajor: [[0, 1, 0, 0], [0, 1, 0, 0]]), values: [0, 0])
        },
        code("HypothesisTestError.nonFiniteRestriction", "try WaldTest.linearHypothesis(fit, restrictions: Matrix(rowMajor: [[0, 1, 0, 0]]), values: [.nan])") {
            let (fit, _) = try smallFit()
            _ = try WaldTest.linearHypothesis(fit, restrictions: Matrix(rowMajor: [[0, 1, 0, 0]]), values: [.nan])
        },
        fit("HypothesisTestError.singularRestrictionCovariance", ["--formula", "y ~ x + C(g)", "--vce", "cluster:g", "--hypothesis", "x", "--hypothesis", "C(g)"], csv: grouped),
        fit("HypothesisTestError.separatedCoefficient", ["--formula", "y ~ x", "--hypothesis", "x = 0"],
            csv: "y,x\n0,1\n0,2\n0,3\n0,3\n1,3\n1,3\n1,4\n1,5\n"),
        code("HypothesisTestError.covarianceUnavailable", "// a cloglog whose information is singular at the estimates (no standard errors)\ntry model.dropTest(\"x2\")") {
            let data = try CSVReader.read(contentsOf: FixtureFiles.url("hostile/cloglog-singular-information.csv"))
            let model = try BinaryRegression.fit("y ~ x1 + x2 + x3 + x4", data: data, model: .cloglog, offset: "o")
            _ = try model.dropTest("x2")
        },

        // Marginal effects and predictions (CounterfactualError).
        fit("CounterfactualError.notInModel", ["--formula", "y ~ x + C(g)", "--margins", "ame", "--at", "age=30"], csv: grouped),
        fit("CounterfactualError.unknownLevel", ["--formula", "y ~ x + C(g)", "--predict", "g=a,z"], csv: grouped),
        fit("CounterfactualError.needsExplicitValues", ["--formula", "y ~ x", "--predict", "x"],
            csv: "y,x\n" + (0..<30).map { "\($0 % 2),\(Double($0) / 7)" }.joined(separator: "\n")),
        fit("CounterfactualError.wrongKind", ["--formula", "y ~ x + C(g)", "--margins", "ame", "--at", "x=high"], csv: grouped),

        // The bootstrap (BootstrapError, BootstrapIntervalError).
        fit("BootstrapError.fullSampleFailed", ["--formula", "y ~ x", "--bootstrap", "99"], csv: "y,x\n0,1\n0,2\n0,3\n1,4\n1,5\n1,6\n"),
        code("BootstrapIntervalError.noReplicates", """
            // a statistic that fails on every resample (it needs all rows)
            let result = try Bootstrap.run(rowCount: 10, plan: .cases, options: BootstrapOptions(replicates: 20)) { weights in
                guard weights.allSatisfy({ $0 == 1 }) else { throw ReplicateFailure(.error("needs every row")) }
                return StatisticValue(values: [1])
            }
            try BootstrapIntervals.compute(result, methods: [.percentile])
            """) {
            let result = try Bootstrap.run(rowCount: 10, plan: .cases, options: BootstrapOptions(replicates: 20, jackknife: false)) { weights in
                guard weights.allSatisfy({ $0 == 1 }) else { throw ReplicateFailure(.error("needs every row")) }
                return StatisticValue(values: [1])
            }
            _ = try BootstrapIntervals.compute(result, methods: [.percentile])
        },
        code("BootstrapIntervalError.missingStandardErrors", """
            // the statistic returns no standard errors
            let result = try Bootstrap.run(rowCount: 10, plan: .cases) { StatisticValue(values: [$0.reduce(0, +)]) }
            try BootstrapIntervals.compute(result, methods: [.studentized])
            """) {
            let result = try Bootstrap.run(rowCount: 10, plan: .cases, options: BootstrapOptions(replicates: 20)) { StatisticValue(values: [$0[0]]) }
            _ = try BootstrapIntervals.compute(result, methods: [.studentized])
        },
        code("BootstrapIntervalError.missingJackknife", """
            let result = try Bootstrap.run(rowCount: 10, plan: .cases, options: BootstrapOptions(jackknife: false)) { StatisticValue(values: [$0[0]]) }
            try BootstrapIntervals.compute(result, methods: [.bca])
            """) {
            let result = try Bootstrap.run(rowCount: 10, plan: .cases, options: BootstrapOptions(replicates: 20, jackknife: false)) {
                StatisticValue(values: [$0[0]])
            }
            _ = try BootstrapIntervals.compute(result, methods: [.bca])
        },
        code("BootstrapIntervalError.infiniteBiasCorrection", """
            // the largest row weight: 1 on the full sample, at least 1 in every replicate
            let result = try Bootstrap.run(rowCount: 10, plan: .cases, options: BootstrapOptions(replicates: 50)) {
                StatisticValue(values: [$0.max() ?? 0])
            }
            try BootstrapIntervals.compute(result, methods: [.bca])
            """) {
            let result = try Bootstrap.run(rowCount: 10, plan: .cases, options: BootstrapOptions(replicates: 50)) {
                StatisticValue(values: [$0.max() ?? 0])
            }
            _ = try BootstrapIntervals.compute(result, methods: [.bca])
        },

        // The study (StudyDataError).
        command("StudyDataError.missingColumn", ["study", "--data", "DATA"], csv: "firm_id,backshored\n1,0\n2,1\n"),
        Entry(id: "StudyDataError.wrongType",
              input: "$ reshore study --data data.csv\n# data.csv: the bundled survey with employees written as text (\"many\")") {
            let survey = try String(contentsOf: FixtureFiles.url("ems2015-synthetic.csv"), encoding: .utf8)
            var lines = survey.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            let header = lines[0].split(separator: ",").map(String.init)
            guard let column = header.firstIndex(of: "employees") else { return ("(no employees column)", nil) }
            for k in 1..<lines.count where !lines[k].isEmpty {
                var fields = lines[k].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                fields[column] = "many"
                lines[k] = fields.joined(separator: ",")
            }
            return (try cli(["study", "--data", "DATA", "--out", FileManager.default.temporaryDirectory.appendingPathComponent("regress-errors-report").path],
                            csv: lines.joined(separator: "\n")), nil)
        },

        Entry(id: "StudyOutputError.notAFolder", input: "$ reshore study --bootstrap 99 --out data.csv   # an existing file") {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("regress-errors-file.csv")
            try Data("x\n".utf8).write(to: file)
            return (try cli(["study", "--bootstrap", "99", "--out", file.path]).replacingOccurrences(of: file.path, with: "data.csv"), nil)
        },
        Entry(id: "StudyOutputError.notAReportFolder", input: "$ reshore study --bootstrap 99 --out Documents   # a folder with files of yours") {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regress-errors-folder")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data("mine\n".utf8).write(to: folder.appendingPathComponent("thesis.tex"))
            return (try cli(["study", "--bootstrap", "99", "--out", folder.path]).replacingOccurrences(of: folder.path, with: "Documents"), nil)
        },

        command("StudyOutputError.emptyPath", ["study", "--bootstrap", "99", "--out", ""]),
        command("StudyOutputError.cannotCreate", ["study", "--bootstrap", "99", "--out", "/dev/null/report"]),
        Entry(id: "StudyOutputError.holdsInput", input: "$ reshore study --bootstrap 99 --out report --data report/tables/data.csv   # the data inside an earlier report") {
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regress-errors-report-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("tables"), withIntermediateDirectories: true)
            try Data().write(to: folder.appendingPathComponent(StudyReport.marker))
            let data = folder.appendingPathComponent("tables/data.csv")
            try CSVWriter.write(SurveySimulator.calibratedSample(n: 1282, seed: 2015), to: data)
            return (try cli(["study", "--bootstrap", "99", "--out", folder.path, "--data", data.path]).replacingOccurrences(of: folder.path, with: "report"), nil)
        },

        // Writing files (FileOutputError): every output path of the CLI and the library's writers.
        command("FileOutputError.emptyPath", ["simulate", "--n", "10", "--out", ""]),
        Entry(id: "FileOutputError.isAFolder", input: "$ reshore simulate --n 10 --out Documents   # a folder") {
            let folder = FileManager.default.temporaryDirectory.path
            return (try cli(["simulate", "--n", "10", "--out", folder]).replacingOccurrences(of: folder, with: "Documents"), nil)
        },
        Entry(id: "FileOutputError.wouldOverwriteInput", input: shown(["fit", "--data", "DATA", "--formula", "y ~ x", "--bootstrap", "9", "--save-replicates", "DATA"], csv: binary)) {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("regress-errors-\(UUID().uuidString).csv")
            try Data(binary.utf8).write(to: url)
            defer { try? FileManager.default.removeItem(at: url) }
            let message = try cli(["fit", "--data", url.path, "--formula", "y ~ x", "--bootstrap", "9", "--save-replicates", url.path])
            return (message.replacingOccurrences(of: url.path, with: "data.csv"), nil)
        },
        command("FileOutputError.noSuchFolder", ["simulate", "--n", "10", "--out", "/no/such/folder/survey.csv"]),
        command("FileOutputError.refused", ["simulate", "--n", "10", "--out", "/dev/full"]),

        // Linear algebra (LinearAlgebraError): reached through the library's matrix API.
        code("LinearAlgebraError.empty", "try Matrix(rows: 0, columns: 2).qr()") { _ = try Matrix(rows: 0, columns: 2).qr() },
        code("LinearAlgebraError.nonFiniteInput", "try Matrix(rowMajor: [[1, 2], [.infinity, 3]]).svd()") { _ = try Matrix(rowMajor: [[1, 2], [.infinity, 3]]).svd() },
        code("LinearAlgebraError.singular", "try Matrix(rowMajor: [[1, 1], [0, 0]]).triangularInverse(upper: true)") {
            _ = try Matrix(rowMajor: [[1, 1], [0, 0]]).triangularInverse(upper: true)
        },
        code("LinearAlgebraError.notPositiveDefinite", "try Matrix(rowMajor: [[1, 2], [2, 1]]).cholesky()") { _ = try Matrix(rowMajor: [[1, 2], [2, 1]]).cholesky() },
        code("LinearAlgebraError.noConvergence", "// LAPACK's dgesdd reports non-convergence for no input we can construct; the message:\nthrow LinearAlgebraError.noConvergence(operation: \"singular value decomposition\", count: 1)") {
            throw LinearAlgebraError.noConvergence(operation: "singular value decomposition", count: 1)
        },
        code("LinearAlgebraError.invalidArgument", "// Only a bug in Regress can pass LAPACK an invalid argument; the message:\nthrow LinearAlgebraError.invalidArgument(operation: \"QR factorization\", position: 4)") {
            throw LinearAlgebraError.invalidArgument(operation: "QR factorization", position: 4)
        },

        // Encodings (DataError.invalidUTF8, .notText).
        Entry(id: "DataError.invalidUTF8", input: "$ reshore fit --data data.csv --formula 'y ~ C(name)'\n# data.csv: Latin-1 bytes, M\\xFCller in line 2") {
            (try cliBytes(["fit", "--data", "DATA", "--formula", "y ~ C(name)"], bytes: Array("name,y\nM".utf8) + [0xFC] + Array("ller,1\nMaier,0\n".utf8)), nil)
        },
        code("DataError.recordTooLong", "try CSVReader.read(text: \"y,x\\n1,\" + String(repeating: \"2\", count: 100_000) + \"\\n\", options: CSVReadOptions(chunkSize: 1024, maximumRecordBytes: 4096))") {
            _ = try CSVReader.read(text: "y,x\n1," + String(repeating: "2", count: 100_000) + "\n", options: CSVReadOptions(chunkSize: 1024, maximumRecordBytes: 4096))
        },
        Entry(id: "DataError.notText", input: "$ reshore fit --data data.csv.gz --formula 'y ~ x'   # a gzip file") {
            (try cliBytes(["fit", "--data", "DATA", "--formula", "y ~ x"], bytes: [0x1F, 0x8B, 0x08, 0x00, 0x01, 0x02]), nil)
        },

        // The fitted-model API (ModelingError, NewDataError): reached through the library.
        code("ModelingError.invalidLevel", "try BinaryRegression.fit(\"y ~ x\", data: table, level: 95)") {
            _ = try BinaryRegression.fit("y ~ x", data: CSVReader.read(text: grouped), level: 95)
        },
        fit("ModelingError.duplicateColumn", ["--formula", "y ~ x", "--weights", "x", "--offset", "x"], csv: grouped),
        fit("ModelingError.unsupported", ["--formula", "y ~ x", "--model", "lpm", "--weights", "x"], csv: grouped),
        fit("ModelingError.unknownColumn", ["--formula", "y ~ x", "--weights", "w"], csv: grouped),
        fit("ModelingError.wrongColumnType", ["--formula", "y ~ x", "--weights", "g"], csv: grouped),
        fit("ModelingError.unknownTerm", ["--formula", "y ~ x + C(g)", "--test", "C(h)"], csv: grouped),
        fit("ModelingError.unknownCoefficient", ["--formula", "y ~ x + C(g)", "--hypothesis", "x = z"], csv: grouped),
        fit("ModelingError.invalidHypothesis", ["--formula", "y ~ x + C(g)", "--hypothesis", "x = 1 = 2"], csv: grouped),
        code("ModelingError.clusterCount", "try model.covariance(.cluster([\"a\", \"b\", \"c\"]))") {
            _ = try BinaryRegression.fit("y ~ x", data: CSVReader.read(text: grouped)).covariance(.cluster(["g", "x", "y"]))
        },
        code("ModelingError.missingClusterValues", "// column c is missing in the second row\ntry model.covariance(.cluster([\"c\"]))") {
            let table = try CSVReader.read(text: "y,x,c\n1,2.5,a\n0,1.0,\n1,3.5,b\n0,0.5,a\n1,2.0,b\n0,1.5,a\n")
            _ = try BinaryRegression.fit("y ~ x", data: table).covariance(.cluster(["c"]))
        },
        code("ModelingError.classicalWithSamplingWeights", "try BinaryRegression.fit(\"y ~ x\", data: table, weights: .sampling(\"w\")).covariance(.classical())") {
            let table = try CSVReader.read(text: "y,x,w\n1,2.5,1\n0,1.0,2\n1,3.5,1\n0,0.5,2\n1,2.0,1\n0,1.5,3\n")
            _ = try BinaryRegression.fit("y ~ x", data: table, weights: .sampling("w")).covariance(.classical())
        },
        code("ModelingError.oddsRatiosNeedLogit", "try BinaryRegression.fit(\"y ~ x\", data: table, model: .probit).oddsRatios()") {
            _ = try BinaryRegression.fit("y ~ x", data: CSVReader.read(text: grouped), model: .probit).oddsRatios()
        },
        code("ModelingError.profileDidNotConverge", "try BinaryRegression.fit(\"HG ~ NV + PI + EH\", data: endometrial, model: .firth, iterations: IterationOptions(maxIterations: 1)).profileConfidenceInterval(\"NV\")") {
            let endometrial = try CSVReader.read(contentsOf: FixtureFiles.url("reference/endometrial.csv"))
            _ = try BinaryRegression.fit("HG ~ NV + PI + EH", data: endometrial, model: .firth, iterations: IterationOptions(maxIterations: 1))
                .profileConfidenceInterval("NV")
        },
        code("ModelingError.notComparable", "try firth.likelihoodRatioTest(against: smallerFirth)") {
            let table = try CSVReader.read(text: grouped)
            _ = try BinaryRegression.fit("y ~ x + C(g)", data: table, model: .firth)
                .likelihoodRatioTest(against: BinaryRegression.fit("y ~ x", data: table, model: .firth))
        },
        code("ModelingError.invalidReplicates", "try model.bootstrap(replicates: -5)") {
            _ = try BinaryRegression.fit("y ~ x", data: CSVReader.read(text: grouped)).bootstrap(replicates: -5)
        },
        fit("ModelingError.degenerateResampling", ["--formula", "y ~ x", "--bootstrap", "99", "--cluster", "g"],
            csv: "y,x,g\n1,2.5,a\n0,1.0,a\n1,3.5,a\n0,0.5,a\n1,2.0,a\n0,1.5,a\n"),
        fit("ModelingError.outcomeDoesNotVary", ["--formula", "y ~ x"], csv: "y,x\n1,2.5\n1,1.0\n1,3.5\n1,0.5\n"),
        code("ModelingError.outOfRange", "try model.bootstrap(replicates: 999, threads: 0)") {
            let model = try BinaryRegression.fit("y ~ x", data: CSVReader.read(text: binary))
            _ = try model.bootstrap(replicates: 999, threads: 0)
        },
        code("ModelingError.marginsAtWithoutMarginalEffects", "try model.bootstrap(replicates: 50, marginsAt: [\"x\": \"1\"])   // coefficients only") {
            _ = try BinaryRegression.fit("y ~ x", data: CSVReader.read(text: binary)).bootstrap(replicates: 50, marginsAt: ["x": "1"])
        },
        code("ModelingError.accelerationWithoutBCa", "try model.bootstrap(replicates: 50, intervals: [.percentile], acceleration: .influence)") {
            _ = try BinaryRegression.fit("y ~ x", data: CSVReader.read(text: grouped)).bootstrap(replicates: 50, intervals: [.percentile],
                                                                                                acceleration: .influence)
        },
        code("ModelingError.influenceUnavailable", "try model.bootstrap(replicates: 50, statistics: [.averageMarginalEffect(\"x\")], acceleration: .influence)") {
            _ = try BinaryRegression.fit("y ~ x", data: CSVReader.read(text: grouped))
                .bootstrap(replicates: 50, statistics: [.averageMarginalEffect("x")], acceleration: .influence)
        },
        code("ModelingError.unknownStatistic", "try model.bootstrap(statistics: [.coefficient(\"z\")])") {
            _ = try BinaryRegression.fit("y ~ x", data: CSVReader.read(text: grouped)).bootstrap(replicates: 9, statistics: [.coefficient("z")])
        },
        code("ModelingError.noIntervalMethods", "try model.bootstrap(intervals: [])") {
            _ = try BinaryRegression.fit("y ~ x", data: CSVReader.read(text: grouped)).bootstrap(replicates: 9, intervals: [])
        },
        code("NewDataError.missingColumn", "try model.predict(newData: tableWithoutX)") {
            _ = try BinaryRegression.fit("y ~ x + C(g)", data: CSVReader.read(text: grouped)).predict(newData: CSVReader.read(text: "g\na\n"))
        },
        code("NewDataError.unseenLevel", "// g has levels a, b, c in the fit\ntry model.predict(newData: table(x: 1, g: \"d\"))") {
            _ = try BinaryRegression.fit("y ~ x + C(g)", data: CSVReader.read(text: grouped)).predict(newData: CSVReader.read(text: "x,g\n1,d\n"))
        },
        code("NewDataError.wrongType", "try model.predict(newData: table(x: \"high\"))") {
            _ = try BinaryRegression.fit("y ~ x", data: CSVReader.read(text: grouped)).predict(newData: CSVReader.read(text: "x\nhigh\n"))
        },
        code("NewDataError.nonFiniteValue", "try BinaryRegression.fit(\"y ~ log(x)\", data: table).predict(newData: table(x: 0))") {
            _ = try BinaryRegression.fit("y ~ log(x)", data: CSVReader.read(text: grouped)).predict(newData: CSVReader.read(text: "x\n0\n"))
        },
        code("GLMError.numericalFailure", "try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4], [1, 5]]), response: [1, 0, 1, 0], termNames: [\"Intercept\", \"x\"], options: GLMOptions(start: [1e200, 0]))") {
            _ = try GLM.fit(design: Matrix(rowMajor: [[1, 2], [1, 3], [1, 4], [1, 5]]), response: [1, 0, 1, 0], termNames: ["Intercept", "x"],
                            options: GLMOptions(start: [1e200, 0]))
        },
        fit("GLMError.offsetOutOfRange", ["--formula", "y ~ x", "--offset", "o"], csv: "y,x,o\n1,2,0\n0,1,1e308\n1,3,0\n0,0.5,0\n"),
        fit("GLMError.weightsOutOfRange", ["--formula", "y ~ x", "--weights", "w"], csv: "y,x,w\n1,2,1\n0,1,1e300\n1,3,1\n0,0.5,2\n"),
        code("GLMError.identityLink", "try GLM.fit(design: x, response: y, termNames: names, options: GLMOptions(link: .identity))") {
            _ = try GLM.fit(design: Matrix(rowMajor: [[1, 0], [1, 1], [1, 2]]), response: [0, 1, 1], termNames: ["a", "b"],
                            options: GLMOptions(link: .identity))
        },

        // Command-line checks (ArgumentParser ValidationError), in the order of the options.
        fit("reshore --delimiter", ["--formula", "y ~ x", "--delimiter", ";;"], csv: binary),
        fit("reshore fit --subpop (without --design)", ["--formula", "y ~ x", "--subpop", "s==a"], csv: survey),
        fit("reshore fit --design with --weights", ["--formula", "y ~ x", "--design", "weights=w", "--weights", "w"], csv: survey),
        fit("reshore fit --design with --vce", ["--formula", "y ~ x", "--design", "weights=w", "--vce", "hc1"], csv: survey),
        fit("reshore fit --design with --hosmer-lemeshow-groups", ["--formula", "y ~ x", "--design", "weights=w", "--hosmer-lemeshow-groups", "5"], csv: survey),
        fit("reshore fit --design with --strata", ["--formula", "y ~ x", "--design", "weights=w", "--bootstrap", "99", "--strata", "s"], csv: survey),
        fit("reshore fit --vce linearized (without --design)", ["--formula", "y ~ x", "--vce", "linearized"], csv: survey),
        fit("reshore fit --hosmer-lemeshow-groups", ["--formula", "y ~ x", "--hosmer-lemeshow-groups", "2"], csv: binary),
        fit("reshore fit --effect (without --margins)", ["--formula", "y ~ x", "--effect", "eyex"], csv: binary),
        fit("MarginsError.elasticityAtMeans", ["--formula", "y ~ x", "--margins", "mem", "--effect", "eyex"], csv: binary),
        fit("reshore fit --level", ["--formula", "y ~ x", "--level", "95"], csv: binary),
        fit("reshore fit --weight-kind", ["--formula", "y ~ x", "--weight-kind", "sampling"], csv: binary),
        fit("reshore fit --at (syntax)", ["--formula", "y ~ x", "--margins", "ame", "--at", "x:1"], csv: binary),
        fit("reshore fit --at (without --margins)", ["--formula", "y ~ x", "--at", "x=1"], csv: binary),
        fit("reshore fit --bootstrap", ["--formula", "y ~ x", "--bootstrap=-5"], csv: binary),
        fit("reshore fit --strata/--cluster", ["--formula", "y ~ x", "--bootstrap", "99", "--strata", "y", "--cluster", "x"], csv: binary),
        fit("reshore fit --ci", ["--formula", "y ~ x", "--bootstrap", "99", "--ci", "bca,wald"], csv: binary),
        fit("reshore fit --bca-acceleration (without BCa)", ["--formula", "y ~ x", "--bootstrap", "99", "--ci", "percentile", "--bca-acceleration", "influence"], csv: binary),
        fit("reshore fit --strata (without --bootstrap)", ["--formula", "y ~ x", "--strata", "y"], csv: binary),
        fit("reshore fit --ci or --seed (without --bootstrap)", ["--formula", "y ~ x", "--ci", "percentile"], csv: binary),
        fit("reshore fit --cluster-adjustment (without --vce cluster)", ["--formula", "y ~ x", "--cluster-adjustment", "none"], csv: binary),
        fit("reshore fit --labels (a file without labels)", ["--formula", "y ~ x", "--labels"], csv: binary),
        fit("reshore fit --level (with a model table)", ["--formula", "y ~ x", "--model", "logit", "--model", "probit", "--level", "0.9"], csv: binary),
        fit("reshore fit --hosmer-lemeshow-groups (with a model table)", ["--formula", "y ~ x", "--table", "coefficients", "--hosmer-lemeshow-groups", "5"], csv: binary),
        fit("reshore fit --model (misspelled value)", ["--formula", "y ~ x", "--model", "probt"], csv: binary),
        fit("reshore fit --predict", ["--formula", "y ~ x", "--predict", "=1"], csv: binary),
        fit("reshore fit --vce", ["--formula", "y ~ x", "--vce", "hc4"], csv: binary),
        fit("reshore fit --model (several, with one-model options)", ["--formula", "y ~ x", "--model", "logit", "--model", "probit", "--bootstrap", "99"], csv: binary),
        fit("reshore fit --digits (without a model table)", ["--formula", "y ~ x", "--digits", "4"], csv: binary),
        fit("reshore fit --digits (out of range)", ["--formula", "y ~ x", "--table", "coefficients", "--digits", "12"], csv: binary),
        fit("reshore fit --max-iterations", ["--formula", "y ~ x", "--max-iterations", "0"], csv: binary),
        command("reshore simulate --n", ["simulate", "--n", "0"]),
        command("reshore study --bootstrap", ["study", "--bootstrap", "10"]),
    ]

    /// Error types whose cases are not in the catalogue, with the reason.
    static let excludedTypes: [String: String] = [
        "ParseError": "NISTDataset.ParseError reads the bundled NIST files only; a broken fixture is a repository bug",
    ]

    // MARK: - The document

    static let documentPath = "Docs/errors.md"

    /// `///` summaries of every error case in `Sources/`, keyed `Type.case`.
    static func declaredCases() throws -> [String: String] {
        let sources = FixtureFiles.repositoryRoot.appendingPathComponent("Sources")
        var result = [String: String]()
        guard let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else { return result }
        for case let url as URL in files where url.pathExtension == "swift" {
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            var type: String?, comment = [String]()
            for line in lines {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if let match = trimmed.firstMatch(of: /^public enum (\w+Error)\b/) {
                    type = excludedTypes[String(match.1)] == nil ? String(match.1) : nil
                } else if line.hasPrefix("}") {
                    type = nil
                } else if type != nil, line.hasPrefix("    ///") {
                    comment.append(String(trimmed.dropFirst(3)).trimmingCharacters(in: .whitespaces))
                    continue
                } else if let type, let match = line.firstMatch(of: /^    case (\w+)/) {
                    result["\(type).\(match.1)"] = comment.joined(separator: " ")
                }
                comment = []
            }
        }
        return result
    }

    static func render(_ messages: [(Entry, String)], summaries: [String: String]) -> String {
        var text = """
        # Errors

        Every error Regress reports to a user, with an input that provokes it and the exact message.
        Library calls throw these as typed values (`catch let error as DataError`); `reshore` prints
        the message after `Error:` and exits with status 1 (64 for a command-line mistake).

        This file is generated and checked by `Tests/ReshoreCLITests/ErrorCatalogueTests.swift`,
        which provokes each error and compares the message: a changed message or a new error case
        without an entry fails the tests. Regenerate it with
        `REGRESS_WRITE_ERRORS=1 swift test --filter ErrorCatalogue`.

        Messages say what is wrong, where (line, column, row, term) and how to fix it. Echoed user
        text is shortened to 60 characters and lists to 20 items (`MessageText`).

        """
        var section = ""
        for (entry, message) in messages {
            let type = entry.id.hasPrefix("reshore") ? "Command-line checks" : String(entry.id.prefix { $0 != "." })
            if type != section {
                section = type
                text += "\n## \(type)\n"
            }
            text += "\n### `\(entry.id)`\n\n"
            if let summary = summaries[entry.id], !summary.isEmpty { text += summary + "\n\n" }
            let language = entry.input.hasPrefix("$") ? "console" : "swift"
            text += "```\(language)\n\(entry.input)\n```\n\n```text\n\(message)\n```\n"
        }
        return text
    }

    // MARK: - Tests

    @Test func everyDeclaredErrorCaseIsCatalogued() throws {
        let declared = try Self.declaredCases()
        let catalogued = Set(Self.entries.map(\.id))
        #expect(declared.count >= 60, "found only \(declared.count) error cases; is the source scan broken?")
        let missing = declared.keys.filter { !catalogued.contains($0) }.sorted()
        #expect(missing.isEmpty, "error cases without a catalogue entry: \(missing)")
        let stale = catalogued.filter { !$0.hasPrefix("reshore") && declared[$0] == nil }.sorted()
        #expect(stale.isEmpty, "catalogue entries for cases that no longer exist: \(stale)")
        #expect(catalogued.count == Self.entries.count, "duplicate catalogue ids")
    }

    @Test func everyCommandLineCheckIsCatalogued() throws {
        let folder = FixtureFiles.repositoryRoot.appendingPathComponent("Sources/reshore")
        var checks = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
            let source = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            checks += source.matches(of: /throw ValidationError\(/).count
            // Option checks that need the data read first (e.g. --labels) throw CLIError messages.
            checks += source.matches(of: /throw CLIError\(message: "--/).count
        }
        #expect(Self.entries.filter { $0.id.hasPrefix("reshore") }.count == checks)
    }

    @Test func everyEntryProvokesItsErrorAndTheDocumentIsCurrent() throws {
        let results = try Self.entries.map { entry in (entry, try entry.message()) }
        for (entry, result) in results {
            #expect(!result.text.hasPrefix("(no error"), "\(entry.id): \(result.text)")
            #expect(!result.text.isEmpty, "\(entry.id)")
            if let thrown = result.thrown { #expect(thrown == entry.id, "\(entry.id) threw \(thrown): \(result.text)") }
        }
        let messages = results.map { ($0.0, $0.1.text) }
        let document = Self.render(messages, summaries: try Self.declaredCases())
        let url = FixtureFiles.repositoryRoot.appendingPathComponent(Self.documentPath)
        if ProcessInfo.processInfo.environment["REGRESS_WRITE_ERRORS"] == "1" {
            try Data(document.utf8).write(to: url)
        }
        let committed = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        #expect(committed == document, "Docs/errors.md is out of date; run REGRESS_WRITE_ERRORS=1 swift test --filter ErrorCatalogue")
    }
}
