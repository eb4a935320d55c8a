package io.pitstop.engine.registry;

/** {@link TwoProcessPromotionBehaviour} on an SQLite file, named relative to the project as conf/local.yaml does. */
class TwoProcessPromotionTest extends TwoProcessPromotionBehaviour {

    @Override
    String storeSection() {
        return "store:\n  url: jdbc:sqlite:.pitstop/race.db\n";
    }
}
