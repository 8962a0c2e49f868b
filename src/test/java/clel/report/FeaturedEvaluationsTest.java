package clel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The report's own sections for what a person looks at first: class-conditional and composition grids, OOD results
 * with their ROC plot, and the per-factor probe table, shown whenever the run folder holds them and not repeated
 * among the other evaluations.
 */
class FeaturedEvaluationsTest {

    @Test
    void theSectionsShowWhatTheRunFolderHolds(@TempDir Path tmp) throws Exception {
        Path run = FakeRun.full(tmp.resolve("run"));
        FakeRun.featured(run);
        ReportResult result = RunReport.write(run, run.resolve("report.html"));
        String page = Files.readString(run.resolve("report.html"));
        Document doc = ReportPages.parse(page);
        ReportPages.assertSelfContained(page);
        assertEquals(List.of(), result.notes().stream().filter(n -> n.startsWith("eval/")).toList(), "no eval problems");

        assertEquals(List.of("Summary", "Notes", "Training curves", "Samples", "Conditional samples", "OOD detection",
                "What the latents know", "Evaluations", "train.log"), ReportPages.texts(doc, "a"));
        assertEquals(List.of("Summary", "Notes", "Training curves", "Samples", "Conditional samples", "OOD detection",
                "What the latents know", "Evaluations", "train.log"), ReportPages.texts(doc, "h2"));
        List<String> h3 = ReportPages.texts(doc, "h3");
        for (String heading : List.of("Class-conditional samples", "Composition: red + large",
                "Grids of the experiment's evaluation", "OOD detection <eq. 14> & AUROC",
                "Per factor of the data: probes on z and on g(f(x))", "Representations",
                "Predicted classes of the samples (c.clf)", "Other plots in eval/")) {
            assertEquals(1, h3.stream().filter(heading::equals).count(), heading + " in " + h3);
        }
        // featured files are not shown again among the other evaluations
        assertEquals(List.of("Predicted classes of the samples (c.clf)", "Other plots in eval/"),
                h3.subList(h3.indexOf("Predicted classes of the samples (c.clf)"), h3.size()));

        // the class grid's rows are named by their classes, top to bottom, next to the grid
        Element labels = byClass(doc, "div", "rowlabels").get(0);
        assertEquals(List.of("circle", "square", "<triangle>"), childTexts(labels));
        assertTrue(page.contains("SGLD steps 30 x 20 \u00b7 beta 0.01 \u00b7 weights EMA \u00b7 eval/samples-classes.json"));

        // the confusion matrix: the diagonal (predicted = conditioning class) is marked
        Element confusion = byClass(doc, "table", "confusion").get(0);
        List<String> hits = new ArrayList<>();
        for (Element td : byClass(confusion, "td", "hit")) {
            hits.add(td.getTextContent());
        }
        assertEquals(List.of("2", "1", "1"), hits);
        assertTrue(ReportPages.texts(doc, "p").contains("Class-conditional samples judged by c.clf: accuracy 0.667"));
        assertTrue(ReportPages.texts(doc, "p").contains("Compositional samples judged by a.clf: red + large"));

        // the probe table: accuracy shaded by how far above chance (class chance 0.2, large chance 0.5)
        Element probes = byClass(doc, "table", "probes").get(0);
        List<String> shades = new ArrayList<>();
        for (Element td : elements(probes, "td")) {
            String c = td.getAttribute("class");
            if (c.contains("shade")) {
                shades.add(td.getTextContent() + ":" + c.substring(c.indexOf("shade")));
            }
        }
        assertEquals(List.of("0.200:shade0", "0.150:shade0", "0.600:shade2", "1.000:shade4",
                "0.990:shade4", "0.750:shade2", "0.500:shade0", "0.625:shade1"), shades);

        // every figure once: grids and plots of the featured files, the experiment grid, the rest under "Other plots"
        List<String> captions = ReportPages.texts(doc, "figcaption");
        for (String c : List.of("eval/samples-classes.png", "eval/samples-compose.png", "eval/ood_roc.png",
                "eval/cosine_similarity.png", "eval/experiment-classes.png", "eval/extra_hist.png",
                "eval/samples-unconditional.png")) {
            assertEquals(1, captions.stream().filter(c::equals).count(), c + " in " + captions);
        }
        assertEquals(FakeRun.IMAGES + 5, result.embeddedImages());
        assertTrue(captions.indexOf("eval/experiment-classes.png") < captions.indexOf("eval/ood_roc.png"),
                "the experiment grid is among the conditional samples");
    }

    @Test
    void withoutTheirFilesTheSectionsAreAbsent(@TempDir Path tmp) throws Exception {
        Path run = FakeRun.full(tmp.resolve("run"));
        Files.delete(run.resolve("eval/ood.json"));
        RunReport.write(run, run.resolve("report.html"));
        String page = Files.readString(run.resolve("report.html"));
        Document doc = ReportPages.parse(page);
        assertEquals(List.of("Summary", "Notes", "Training curves", "Samples", "Evaluations", "train.log"),
                ReportPages.texts(doc, "h2"));
        assertFalse(page.contains("id=\"conditional\"") || page.contains("id=\"ood\"") || page.contains("id=\"factors\""));
    }

    @Test
    void aJudgedGridWithoutItsSamplesFileIsStillShown(@TempDir Path tmp) throws Exception {
        Path run = FakeRun.full(tmp.resolve("run"));
        FakeRun.featured(run);
        Files.delete(run.resolve("eval/samples-classes.json"));
        RunReport.write(run, run.resolve("report.html"));
        Document doc = ReportPages.parse(Files.readString(run.resolve("report.html")));
        List<String> h3 = ReportPages.texts(doc, "h3");
        assertEquals(1, h3.stream().filter("Class-conditional samples"::equals).count(), h3.toString());
        assertEquals(1, ReportPages.texts(doc, "figcaption").stream().filter("eval/samples-classes.png"::equals).count());
        assertEquals(1, byClass(doc, "table", "confusion").size());
        assertTrue(byClass(doc, "div", "rowlabels").isEmpty(), "no class names without the samples file");
    }

    @Test
    void titlesNameTheKinds() {
        assertEquals(EvalKind.CLASS_SAMPLES, EvalKind.of("Samples: classes"));
        assertEquals(EvalKind.OTHER, EvalKind.of("Samples: classesX"));
        assertEquals(EvalKind.OTHER, EvalKind.of("Samples: unconditional"));
        assertEquals(EvalKind.COMPOSED_SAMPLES, EvalKind.of("Samples: compose"));
        assertEquals(EvalKind.CLASS_JUDGED, EvalKind.of("Class-conditional samples judged by c.clf: accuracy 0.5"));
        assertEquals(EvalKind.COMPOSE_JUDGED, EvalKind.of("Compositional samples judged by a.clf: red"));
        assertEquals(EvalKind.OOD, EvalKind.of("OOD detection (AUROC, in = shapes)"));
        assertEquals(EvalKind.OOD, EvalKind.of("OOD detection on Spark (AUROC, in = shapes)"));
        assertEquals(EvalKind.FACTORS, EvalKind.of("What the latents know, per factor"));
        assertEquals(EvalKind.REPRESENTATIONS, EvalKind.of("Representations"));
        assertEquals(EvalKind.OTHER, EvalKind.of("Sample quality: FD-shapes"));
    }

    @Test
    void shadesGrowFromChanceToPerfect() {
        assertEquals(0, FactorSection.shade(0.5, 0.5));
        assertEquals(0, FactorSection.shade(0.4, 0.5));
        assertEquals(1, FactorSection.shade(0.51, 0.5), "any gain above chance shows");
        assertEquals(2, FactorSection.shade(0.75, 0.5));
        assertEquals(FactorSection.SHADES - 1, FactorSection.shade(1.0, 0.5));
        assertEquals(0, FactorSection.shade(Double.NaN, 0.5));
        assertEquals(0, FactorSection.shade(1.0, 1.0));
    }

    private static List<Element> elements(Element root, String tag) {
        NodeList nl = root.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) {
            out.add((Element) nl.item(i));
        }
        return out;
    }

    private static List<Element> byClass(Document doc, String tag, String cls) {
        return byClass(doc.getDocumentElement(), tag, cls);
    }

    private static List<Element> byClass(Element root, String tag, String cls) {
        return elements(root, tag).stream()
                .filter(e -> List.of(e.getAttribute("class").split(" ")).contains(cls)).toList();
    }

    private static List<String> childTexts(Element e) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < e.getChildNodes().getLength(); i++) {
            if (e.getChildNodes().item(i) instanceof Element c) {
                out.add(c.getTextContent());
            }
        }
        return out;
    }
}
