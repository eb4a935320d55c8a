/**
 * Named kill points in Pitstop's own code, armed only by a system property, where fault tests
 * SIGKILL a real process to check what a crash leaves behind (atomic commits, the run store, locks).
 */
package io.pitstop.engine.fault;
