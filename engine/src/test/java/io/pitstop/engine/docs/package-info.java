/** Tests that keep the README and docs/ true: size, links, and code taken from tests. */
package io.pitstop.engine.docs;
