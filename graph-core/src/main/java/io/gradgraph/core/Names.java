package io.gradgraph.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Spelling of names and numbers in printed equations. */
final class Names {
    private static final Pattern LAYERED = Pattern.compile("(d(?=[A-Z]|[a-z]\\d*$))?([A-Za-z]+)(\\d*)");

    private Names() {
    }

    /**
     * {@code W1} stays {@code W1} in text and becomes {@code W^{[1]}} in LaTeX, the course's notation;
     * a gradient {@code dW1} becomes {@code dW^{[1]}}. Names of several letters go in
     * {@code \mathrm{}} ({@code Yhat} → {@code \mathrm{Yhat}}, so it does not read as a product), as
     * do other names.
     */
    static String format(String name, Notation notation) {
        if (notation == Notation.TEXT) {
            return name;
        }
        Matcher m = LAYERED.matcher(name);
        if (m.matches()) {
            String d = m.group(1) == null ? "" : "d";
            String letters = m.group(2).length() == 1 ? m.group(2) : "\\mathrm{" + m.group(2) + "}";
            return d + letters + (m.group(3).isEmpty() ? "" : "^{[" + m.group(3) + "]}");
        }
        return "\\mathrm{" + name.replace("\\", "\\backslash ").replace("_", "\\_").replace("{", "\\{")
                .replace("}", "\\}") + "}";
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
