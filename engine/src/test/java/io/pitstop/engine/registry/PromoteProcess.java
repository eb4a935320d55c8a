package io.pitstop.engine.registry;

import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.store.SqlRunStore;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One promoting process for {@link TwoProcessPromotionBehaviour}: opens the store its profile names
 * (as the CLI does: credentials from this process's environment), waits for the start file, then
 * promotes its version over the champion its "gate" saw (none). Prints the outcome; exit 0 won, 1 refused.
 */
public final class PromoteProcess {

    public static void main(String[] args) throws Exception {
        Path project = Path.of(args[0]);
        String profile = args[1], version = args[2];
        Path go = Path.of(args[3]);
        try (SqlRunStore store = SqlRunStore.open(ProfileLoader.load(project, profile))) {
            SqlRegistry registry = new SqlRegistry(store);
            registry.register("churn", version, "run-" + version, "/pk/" + version, "h-" + version, "proc-" + version);
            System.out.println("ready");
            System.out.flush();
            long deadline = System.currentTimeMillis() + 60_000;
            while (!Files.exists(go) && System.currentTimeMillis() < deadline) Thread.onSpinWait();
            try {
                registry.promoteOver("churn", version, null, "proc-" + version, "race", "run-" + version, null);
                System.out.println("won " + version);
            } catch (ChampionChangedException e) {
                System.out.println("refused: " + e.getMessage());
                System.exit(1);
            }
        }
    }
}
