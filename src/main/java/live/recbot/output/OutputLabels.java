package live.recbot.output;

/**
 * What one output is called in status, logs, errors and its thread's name: built once, so that
 * writing a packet formats no text.
 */
record OutputLabels(String component, String name, String threadName, String opening, String header,
                    String writing, String finishing) {
    static OutputLabels of(OutputTarget target) {
        String name = target.displayName();
        return new OutputLabels(target.component(), name, "recbot-output-" + target.component(), "opening " + name,
                "writing the header to " + name, "writing to " + name, "finishing");
    }
}
