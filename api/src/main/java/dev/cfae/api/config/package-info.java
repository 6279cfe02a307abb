/** Typed, strict access to HOCON configuration blocks, with errors that name the full key. */
package dev.cfae.api.config;
