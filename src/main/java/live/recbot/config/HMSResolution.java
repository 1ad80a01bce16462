package live.recbot.config;

/**
 * Output picture size in pixels. Validated on construction, so any instance is usable by the
 * encoder: both sides even (yuv420p halves chroma in both directions), each side within
 * [{@value #MIN_SIDE}, {@value #MAX_SIDE}], and at most {@value #MAX_PIXELS} pixels (1080p),
 * which is what a 2-core worker can encode in real time.
 */
public record HMSResolution(int width, int height) {
    public static final int MIN_SIDE = 64;
    public static final int MAX_SIDE = 1920;
    public static final int MAX_PIXELS = 1920 * 1080;
    public static final HMSResolution DEFAULT = parse(ConfigField.RESOLUTION.json(),
            ConfigField.RESOLUTION.defaultText().orElseThrow());

    public HMSResolution {
        checkSide("resolution.width", width);
        checkSide("resolution.height", height);
        if ((long) width * height > MAX_PIXELS) {
            throw new ConfigException("resolution", "must be at most " + MAX_PIXELS
                    + " pixels (1920x1080 or 1080x1920), got " + width + "x" + height);
        }
    }

    private static void checkSide(String field, int value) {
        if (value < MIN_SIDE || value > MAX_SIDE) {
            throw new ConfigException(field, "must be between " + MIN_SIDE + " and " + MAX_SIDE + ", got " + value);
        }
        if (value % 2 != 0) {
            throw new ConfigException(field, "must be an even number, got " + value);
        }
    }

    /** Parses "WxH", e.g. "1280x720". */
    public static HMSResolution parse(String field, String text) {
        String t = text == null ? "" : text.trim();
        int x = t.toLowerCase(java.util.Locale.ROOT).indexOf('x');
        if (x <= 0 || x == t.length() - 1) {
            throw new ConfigException(field, "must look like WIDTHxHEIGHT, e.g. 1280x720, got '" + t + "'");
        }
        try {
            return new HMSResolution(Integer.parseInt(t.substring(0, x)), Integer.parseInt(t.substring(x + 1)));
        } catch (NumberFormatException e) {
            throw new ConfigException(field, "must look like WIDTHxHEIGHT, e.g. 1280x720, got '" + t + "'");
        }
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
