package io.noisepool.sample;

/** Placeholder until the sample issue lands. */
public final class SampleApplication {
    private SampleApplication() {}

    public static void main(String[] args) {
        System.out.println("The noise-pool sample application is not written yet.");
    }
}
