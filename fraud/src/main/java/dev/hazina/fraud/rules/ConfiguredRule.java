package dev.hazina.fraud.rules;

/** A rule with an id and the shared thresholds it reads. */
abstract class ConfiguredRule implements Rule {

    protected final RuleConfig config;
    private final String id;

    ConfiguredRule(String id, RuleConfig config) {
        this.id = id;
        this.config = config;
    }

    @Override
    public final String id() {
        return id;
    }
}
