/** Rating data: external id indices, rating lists, sparse CSR matrices and rating ranges. */
package dev.cfae.api.data;
