package clel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SummarySectionTest {

    @Test
    void numbersHaveFourSignificantDigitsAndNonFiniteOnesAreNull() {
        assertEquals("null", SummarySection.number(Double.NaN));
        assertEquals("null", SummarySection.number(Double.POSITIVE_INFINITY));
        assertEquals("0", SummarySection.number(0));
        assertEquals("0.2500", SummarySection.number(0.25));
        assertEquals("-1235", SummarySection.number(-1234.5));
        assertEquals("1.000e-05", SummarySection.number(1e-5));
        assertEquals("1.235e+06", SummarySection.number(1234567));
    }

    @Test
    void durationsReadInSecondsMinutesOrHours() {
        assertEquals("0.500 s", SummarySection.duration(0.5));
        assertEquals("2 min 05 s", SummarySection.duration(125));
        assertEquals("1 h 01 min", SummarySection.duration(3660));
        assertEquals("unknown", SummarySection.duration(Double.NaN));
    }
}
