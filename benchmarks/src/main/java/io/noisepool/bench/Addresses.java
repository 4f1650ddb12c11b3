package io.noisepool.bench;

/** Distinct, realistic-looking pool keys. */
final class Addresses {

    private Addresses() {}

    /**
     * @param count how many
     * @return {@code count} distinct {@code host:port} strings
     */
    static String[] distinct(int count) {
        String[] addresses = new String[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = of(i);
        }
        return addresses;
    }

    /**
     * @param i any non-negative number
     * @return a {@code host:port} string unique to {@code i}
     */
    static String of(int i) {
        return "10." + (i >>> 16 & 0xff) + "." + (i >>> 8 & 0xff) + "." + (i & 0xff) + ":7001";
    }
}
