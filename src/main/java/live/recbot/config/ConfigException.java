package live.recbot.config;

/** An invalid configuration: names the field and the rule it broke. Never carries a secret. */
public final class ConfigException extends RuntimeException {
    private final String field;
    private final String rule;

    public ConfigException(String field, String rule) {
        super(field + ": " + rule, null, false, false);
        this.field = field;
        this.rule = rule;
    }

    public String field() {
        return field;
    }

    public String rule() {
        return rule;
    }
}
