package clel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.run.Metric;
import clel.run.MetricsRecord;
import java.io.BufferedReader;
import java.io.StringReader;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsLogTest {

    @Test
    void readsTrainerLinesWithNulls() {
        MetricsRecord r = MetricsLog.parseLine("{\"iteration\":40,\"loss\":null,\"loss_ebm\":0.25,\"loss_le\":null,"
                + "\"energy_data\":-0.4,\"energy_sample\":0.05,\"latent_cosine\":0.35,\"lr_ebm\":4.00000e-05,"
                + "\"lr_encoder\":0.0250000,\"seconds\":0.6000,\"it_per_s\":1.6667}");
        assertEquals(40, r.iteration());
        double[] expected = {Double.NaN, 0.25, Double.NaN, -0.4, 0.05, 0.35, 4e-5, 0.025, 0.6, 1.6667};
        Metric[] fields = {Metric.LOSS, Metric.LOSS_EBM, Metric.LOSS_LE, Metric.ENERGY_DATA, Metric.ENERGY_SAMPLE,
            Metric.LATENT_COSINE, Metric.LR_EBM, Metric.LR_ENCODER, Metric.SECONDS, Metric.IT_PER_S};
        for (int k = 0; k < fields.length; k++) {
            assertEquals(expected[k], r.get(fields[k]), 0.0, fields[k].field());
        }
        // missing fields are NaN too
        MetricsRecord m = MetricsLog.parseLine("{\"iteration\": 3}");
        assertEquals(3, m.iteration());
        assertTrue(Double.isNaN(m.get(Metric.LOSS)) && Double.isNaN(m.get(Metric.SECONDS)));
    }

    @Test
    void aRecordReadsBackExactlyAsItWasWrittenWithNonFiniteValuesAsNull() {
        Map<Metric, Double> v = new EnumMap<>(Metric.class);
        for (Metric k : Metric.values()) {
            v.put(k, (double) (0.1f * (k.ordinal() + 1)));
        }
        v.put(Metric.LR_EBM, 1e-4 * 3 / 40);
        v.put(Metric.LOSS, Double.NaN);
        MetricsRecord r = new MetricsRecord(12, v, true);
        String json = r.toJson();
        assertTrue(json.startsWith("{\"iteration\":12,\"loss\":null,\"loss_ebm\":0.20000000298023224,"), json);
        assertTrue(json.endsWith(",\"skipped\":true}"), json);
        assertEquals(r, MetricsLog.parseLine(json));
    }

    @Test
    void furtherMeasuresFollowTheMetricsAndReadBackInTheirOrder() {
        Map<String, Double> measures = new LinkedHashMap<>();
        measures.put("zeta", 0.5);
        measures.put("alpha_share", Double.POSITIVE_INFINITY);
        MetricsRecord r = new MetricsRecord(7, Map.of(Metric.LOSS, 1.5), measures, false);
        String json = r.toJson();
        assertEquals("{\"iteration\":7,\"loss\":1.5,\"zeta\":0.5,\"alpha_share\":null,\"skipped\":false}", json);
        MetricsRecord back = MetricsLog.parseLine(json);
        assertEquals(List.of("zeta", "alpha_share"), List.copyOf(back.measures().keySet()));
        assertEquals(0.5, back.measure("zeta"));
        assertTrue(Double.isNaN(back.measure("alpha_share")) && Double.isNaN(back.measure("absent")));
        assertEquals(1.5, back.get(Metric.LOSS));
        // text fields are not measures; a measure may not take a metric's name
        assertTrue(MetricsLog.parseLine("{\"iteration\":1,\"note\":\"x\"}").measures().isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> new MetricsRecord(1, Map.of(), Map.of("energy_data", 1.0), false));
    }

    @Test
    void rejectsDamagedLines() {
        assertEquals("not a JSON object", assertThrows(IllegalArgumentException.class,
                () -> MetricsLog.parseLine("[1, 2]")).getMessage());
        assertEquals("no numeric \"iteration\"", assertThrows(IllegalArgumentException.class,
                () -> MetricsLog.parseLine("{\"loss\": 1}")).getMessage());
        assertEquals("\"loss\" is not a number or null: \"high\"", assertThrows(IllegalArgumentException.class,
                () -> MetricsLog.parseLine("{\"iteration\": 1, \"loss\": \"high\"}")).getMessage());
        assertEquals("\"iteration\" 1.5 is not a count", assertThrows(IllegalArgumentException.class,
                () -> MetricsLog.parseLine("{\"iteration\": 1.5}")).getMessage());
        assertEquals("\"iteration\" -2 is not a count", assertThrows(IllegalArgumentException.class,
                () -> MetricsLog.parseLine("{\"iteration\": -2}")).getMessage());
        assertEquals("text after the JSON object", assertThrows(IllegalArgumentException.class,
                () -> MetricsLog.parseLine("{\"iteration\": 1} {\"iteration\": 2}")).getMessage());
        for (String bad : List.of("{\"iteration\": 1, \"loss\": NaN}", "{\"iteration\": 1,", "{iteration: 1}", "garbage")) {
            String msg = assertThrows(IllegalArgumentException.class, () -> MetricsLog.parseLine(bad), bad).getMessage();
            assertTrue(msg.startsWith("not valid JSON ("), bad + " -> " + msg);
        }
    }

    @Test
    void laterLinesReplaceEarlierOnesAndBlankLinesAreIgnored() throws Exception {
        String text = String.join("\n",
                "{\"iteration\": 10, \"loss\": 1}",
                "{\"iteration\": 20, \"loss\": 2}",
                "",
                "{\"iteration\": 30, \"loss\": 3}",
                "oops",
                "{\"iteration\": 20, \"loss\": 22}",
                "{\"iteration\": 30, \"loss\": 33}",
                "{\"iteration\": 40, \"loss\":");
        MetricsLog log = MetricsLog.parse(new BufferedReader(new StringReader(text)));
        assertEquals(List.of(10L, 20L, 30L), log.records().stream().map(MetricsRecord::iteration).toList());
        assertEquals(List.of(1.0, 22.0, 33.0), log.records().stream().map(r -> r.get(Metric.LOSS)).toList());
        assertEquals(2, log.superseded());
        assertEquals(List.of(5L, 8L), log.malformed().stream().map(MalformedLine::lineNumber).toList());
    }
}
