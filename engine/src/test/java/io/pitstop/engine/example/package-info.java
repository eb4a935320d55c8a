/** The worked example of docs/architecture.md: a small step kind a test registers and runs. */
package io.pitstop.engine.example;
