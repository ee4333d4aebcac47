package io.gradgraph.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Spelling of names and numbers in printed equations. */
final class Names {
    private static final Pattern LAYERED = Pattern.compile("(d?)([A-Za-z]+)(\\d+)");

    private Names() {
    }

    /** {@code W1} stays {@code W1} in text and becomes {@code W^{[1]}} in LaTeX, the course's notation. */
    static String format(String name, Notation notation) {
        if (notation == Notation.TEXT) {
            return name;
        }
        Matcher m = LAYERED.matcher(name);
        if (m.matches()) {
            return m.group(1) + m.group(2) + "^{[" + m.group(3) + "]}";
        }
        return name.replace("_", "\\_");
    }

    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
