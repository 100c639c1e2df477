/**
 * The Airbyte protocol (v0, artifact 0.18) as immutable Java records with the exact wire names.
 *
 * <p>Every record keeps the properties it does not model in {@code additionalProperties}, so a message read and
 * written again keeps them (the platform attaches an {@code id} to every STATE and reads it back). Null members are
 * omitted on output. {@link dev.awsconnectors.commons.protocol.ProtocolCodec} is the one JSON codec for these types.
 */
package dev.awsconnectors.commons.protocol;
