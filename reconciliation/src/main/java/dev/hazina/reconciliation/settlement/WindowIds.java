package dev.hazina.reconciliation.settlement;

import java.util.regex.Pattern;

/** Window ids are the currency and a zero-padded sequence, e.g. {@code KES-000003}, so they sort in order. */
public final class WindowIds {

    public static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    public static final Pattern WINDOW_ID = Pattern.compile("([A-Z]{3})-(\\d{6,18})");

    private WindowIds() {
    }

    public static String of(String currency, long sequence) {
        return String.format("%s-%06d", currency, sequence);
    }

    public static boolean isWindowId(String text) {
        return text != null && WINDOW_ID.matcher(text).matches();
    }

    public static boolean isCurrency(String text) {
        return text != null && CURRENCY.matcher(text).matches();
    }

    /** The currency of a valid window id. */
    public static String currency(String windowId) {
        return windowId.substring(0, 3);
    }

    /** The sequence of a valid window id. */
    public static long sequence(String windowId) {
        return Long.parseLong(windowId.substring(4));
    }
}
