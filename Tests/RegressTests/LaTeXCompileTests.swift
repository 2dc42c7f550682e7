import Foundation
import Testing
import TestSupport
import Regress

/// The LaTeX output compiles with pdflatex (issue 13, item 21): user strings with control
/// characters, U+2212/U+221E (the separation note), other non-ASCII and LaTeX specials; notes that
/// wrap instead of widening the table. Runs where pdflatex is installed (CI installs texlive).
struct LaTeXCompileTests {
    static let pdflatex = ["/usr/bin/pdflatex", "/usr/local/bin/pdflatex"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A separated fit whose factor levels and names hold everything that used to break pdflatex.
    static func hostileModel() throws -> BinaryRegressionModel {
        let levels = ["Müller & Söhne_%", "Möller\u{7}#1", "日本 {x^2~}", "<b>\\end{tabular}</b> −∞ ≥ χ² …"]
        var lines = ["y,x,\"sec tor $\""]
        for i in 0..<60 {
            let level = levels[i % 4]
            let y = i % 4 == 0 ? 1 : (i % 3 == 0 ? 1 : 0)   // the first level: always 1 (separation)
            lines.append("\(y),\(Double(i % 7) / 3),\"\(level)\"")
        }
        let data = try CSVReader.read(text: lines.joined(separator: "\n"))
        return try BinaryRegression.fit("y ~ x + C(`sec tor $`)", data: data)
    }

    static func compile(_ body: String) throws -> (status: Int32, log: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("regress-latex-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = """
            \\documentclass{article}
            \\usepackage[T1]{fontenc}
            \\usepackage{booktabs,threeparttable,tabularx}
            \\setlength{\\textwidth}{6.5in}
            \\begin{document}
            \(body)
            \\end{document}
            """
        try Data(document.utf8).write(to: folder.appendingPathComponent("table.tex"))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pdflatex ?? "/usr/bin/pdflatex")
        process.arguments = ["-halt-on-error", "-interaction=nonstopmode", "table.tex"]
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let log = (try? String(contentsOf: folder.appendingPathComponent("table.log"), encoding: .utf8)) ?? ""
        return (process.terminationStatus, log)
    }

    /// Widths of the "Overfull \hbox (Npt too wide)" warnings in a log.
    static func overfullWidths(_ log: String) -> [Double] {
        log.matches(of: /Overfull \\hbox \(([0-9.]+)pt too wide\)/).compactMap { Double($0.output.1) }
    }

    @Test func latexEscapeHandlesControlCharactersSymbolsAndOtherScripts() {
        #expect(Formatting.latexEscape("a\u{7}b\nc") == "a b c")
        #expect(Formatting.latexEscape("x (−∞)") == "x ($-$$\\infty$)")
        #expect(Formatting.latexEscape("Müller_1 & 50%") == "Müller\\_1 \\& 50\\%")
        #expect(Formatting.latexEscape("日") == "[U+65E5]")
    }

    @Test(.enabled(if: LaTeXCompileTests.pdflatex != nil, "pdflatex is not installed"))
    func latexTablesCompileWithPdflatex() throws {
        let model = try Self.hostileModel()
        #expect(model.fit.diagnostics.contains { $0.kind == .separation })   // the note with −∞ / +∞
        let report = FitReport(model: model, tests: [try model.dropTest("x")])
        let table = try ModelTable(columns: [ModelTable.Column(title: "Logit & {co}", model: model)])
        for body in [report.latex, table.latex] {
            let (status, log) = try Self.compile(body)
            #expect(status == 0, "pdflatex failed:\n\(log.suffix(1500))")
            // The notes (900 pt too wide as \multicolumn cells) wrap at the text width; the tables
            // fit 6.5 inches (issue 33, item 6).
            #expect(Self.overfullWidths(log).isEmpty, "\(Self.overfullWidths(log))")
        }
    }

    /// Issue 33, item 6: journal tables — booktabs in a threeparttable whose notes hold the legend
    /// and the covariance, fixed decimals with minus signs, and a width within 6.5 inches for one to
    /// six models with standard errors or intervals, long labels wrapping.
    @Test(.enabled(if: LaTeXCompileTests.pdflatex != nil, "pdflatex is not installed"))
    func modelTablesFitSixAndAHalfInches() throws {
        let data = try CSVReader.read(contentsOf: FixtureFiles.url("ems2015-synthetic.csv"))
        let formula = "backshored ~ i40_technologies + log(employees) + C(sector)"
        let kinds: [ModelKind] = [.logit, .probit, .firth, .cloglog, .cauchit, .lpm]
        let models = try kinds.map { try BinaryRegression.fit(formula, data: data, model: $0) }
        for count in [1, 3, 6] {
            for uncertainty in [ModelTableUncertainty.standardErrors, .confidenceIntervals] {
                let table = try ModelTable(columns: models.prefix(count).map { ModelTable.Column(model: $0) }, uncertainty: uncertainty)
                let latex = table.latex
                #expect(latex.hasPrefix("\\begin{threeparttable}") && latex.contains("\\begin{tablenotes}") && latex.contains("\\toprule"))
                #expect(latex.contains("$-$0.") && !latex.contains("Covariance &"))
                let (status, log) = try Self.compile("\\noindent\n" + latex)
                #expect(status == 0, "pdflatex failed:\n\(log.suffix(1500))")
                #expect(Self.overfullWidths(log).isEmpty, "\(count) models, \(uncertainty): \(Self.overfullWidths(log))")
            }
        }
    }
}
