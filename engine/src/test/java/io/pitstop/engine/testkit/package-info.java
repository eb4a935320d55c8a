/**
 * Small real step kinds for tests that go through {@link java.util.ServiceLoader}, as the CLI does.
 * They are registered in the test resources' {@code META-INF/services/io.pitstop.engine.step.Step},
 * so they exist only on the engine's test class path:
 *
 * <pre>
 * steps:
 *   - id: write
 *     uses: testkit.write
 *     with: { text: hello }
 *   - id: check
 *     uses: testkit.check
 *     needs: [write]
 *     with: { stop: false }
 * </pre>
 */
package io.pitstop.engine.testkit;
