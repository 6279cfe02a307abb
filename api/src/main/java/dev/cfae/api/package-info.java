/**
 * The vocabulary of cfae and its plugin SPI. A variant implements {@link dev.cfae.api.VariantFactory}
 * and returns a {@link dev.cfae.api.Model}; the engine trains it. This package knows no native
 * backend, no Guice and no command line.
 */
package dev.cfae.api;
