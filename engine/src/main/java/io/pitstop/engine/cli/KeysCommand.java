package io.pitstop.engine.cli;

import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.run.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "The package-signing key pair.",
        subcommands = {KeysCommand.Init.class})
final class KeysCommand {

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Makes a new Ed25519 key pair at the profile's keys.private / keys.public "
                    + "(private key mode 600), and the public key in minisign's format beside it. Refuses to overwrite an existing key.")
    static final class Init implements Callable<Integer> {
        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            PackageKeys keys = PackageKeys.of(project.profileOnly());
            try {
                var pair = keys.generate();
                System.out.println("private key " + keys.privateKeyFile() + " (mode 600)");
                System.out.println("public key  " + keys.publicKeyFile() + " (key id " + PackageKeys.keyId(pair.getPublic()) + ")");
                System.out.println("public key  " + keys.minisignPublicKeyFile() + " (minisign's format: "
                        + "minisign -Vm checksums.sha256 -p <this file>, in a package)");
                return RunOutcome.EXIT_OK;
            } catch (PackageKeys.KeyException e) {
                throw new InvalidInputException(e.getMessage(), e);
            }
        }
    }
}
