package clel.run;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.function.UnaryOperator;

/**
 * One JSON object on one line, as the run folder's .jsonl files hold them, written with Gson: the fields in the order
 * they were added, a non-finite number as null, no HTML escaping.
 */
public final class JsonLine {
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private final JsonObject object = new JsonObject();

    /**
     * @param field the field's name
     * @param value its value
     * @return this line
     */
    public JsonLine add(String field, long value) {
        object.addProperty(field, value);
        return this;
    }

    /**
     * @param field the field's name
     * @param value its value
     * @return this line
     */
    public JsonLine add(String field, String value) {
        object.addProperty(field, value);
        return this;
    }

    /**
     * @param field the field's name
     * @param value its value, written so that it reads back exactly; null when not finite
     * @return this line
     */
    public JsonLine add(String field, double value) {
        object.add(field, Double.isFinite(value) ? new JsonPrimitive(value) : JsonNull.INSTANCE);
        return this;
    }

    /**
     * @param field  the field's name
     * @param value  its value, rounded half up to {@code places} decimals (as {@code %.Nf} prints it); null when not
     *               finite
     * @param places the decimals kept
     * @return this line
     */
    public JsonLine addRounded(String field, double value, int places) {
        return add(field, value, v -> v.setScale(places, RoundingMode.HALF_UP));
    }

    /**
     * @param field  the field's name
     * @param value  its value, rounded half up to {@code digits} significant digits (the value {@code %.Ng} prints);
     *               null when not finite
     * @param digits the significant digits kept
     * @return this line
     */
    public JsonLine addSignificant(String field, double value, int digits) {
        return add(field, value, v -> v.round(new MathContext(digits, RoundingMode.HALF_UP)));
    }

    /**
     * @param field the field's name
     * @param value a nested object
     * @return this line
     */
    public JsonLine add(String field, JsonLine value) {
        object.add(field, value.object);
        return this;
    }

    private JsonLine add(String field, double value, UnaryOperator<BigDecimal> rounding) {
        object.add(field, Double.isFinite(value) ? new JsonPrimitive(rounding.apply(BigDecimal.valueOf(value)))
                : JsonNull.INSTANCE);
        return this;
    }

    /** @return the object as JSON on one line, without a line break */
    @Override
    public String toString() {
        return GSON.toJson(object);
    }
}
