package io.pitstop.steps.dataset;

import io.pitstop.engine.contract.CheckSpec;
import io.pitstop.engine.contract.ColumnSpec;
import io.pitstop.engine.contract.ColumnType;
import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.step.Location;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.pitstop.engine.contract.ColumnType.DOUBLE;
import static io.pitstop.engine.contract.ColumnType.INTEGER;
import static io.pitstop.engine.contract.ColumnType.STRING;

/**
 * The Telco churn columns as a contract built in Java (the YAML loader is tested on its own); each
 * check gets a distinct line so tests can see that reports point back to the declaration.
 */
public final class TelcoContract {

    public static final Path FILE = Path.of("data-contracts/telco-churn.yaml");

    private TelcoContract() {
    }

    public static Location line(int line) {
        return new Location(FILE, line, 5);
    }

    public static List<ColumnSpec> columns() {
        Object[][] spec = {
                {"customer_id", STRING, false}, {"churn", STRING, false}, {"female", INTEGER, true},
                {"senior_citizen", INTEGER, true}, {"partner", INTEGER, true}, {"dependents", INTEGER, true},
                {"tenure", INTEGER, true}, {"phone_service", INTEGER, true}, {"multiple_lines", STRING, true},
                {"internet_service", STRING, true}, {"online_security", STRING, true}, {"online_backup", STRING, true},
                {"device_protection", STRING, true}, {"tech_support", STRING, true}, {"streaming_tv", STRING, true},
                {"streaming_movies", STRING, true}, {"contract", STRING, true}, {"paperless_billing", INTEGER, true},
                {"payment_method", STRING, true}, {"monthly_charges", DOUBLE, true}, {"total_charges", DOUBLE, true},
        };
        List<ColumnSpec> columns = new ArrayList<>();
        for (int i = 0; i < spec.length; i++) {
            columns.add(new ColumnSpec((String) spec[i][0], (ColumnType) spec[i][1], (Boolean) spec[i][2], line(3 + i)));
        }
        return columns;
    }

    /** The Telco columns with the given checks. */
    public static Contract with(CheckSpec... checks) {
        return new Contract(FILE, "telco_churn", "test contract", columns(), List.of(checks));
    }
}
