/**
 * ND4J backend selection ({@code cfae.engine.backend = auto | cpu | cuda}) and thread settings, applied
 * before ND4J initialises and checked afterwards. The engine names backends only as strings; it never
 * compiles against one.
 */
package dev.cfae.engine.backend;
