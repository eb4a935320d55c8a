package io.pitstop.engine.registry;

import java.util.List;

/** The governance rules refuse this promotion; the message lists every reason. Production is untouched. */
public final class PromotionDeniedException extends RegistryException {

    public PromotionDeniedException(String model, String version, List<String> reasons) {
        super(model, version, "promotion of " + model + " " + version + " to production refused:\n  - "
                + String.join("\n  - ", reasons));
    }
}
