/**
 * The Airbyte protocol (v0, artifact 0.18) as immutable Java records with the exact wire names.
 *
 * <p>Every record keeps the properties it does not model in {@code additionalProperties}, so a message read and
 * written again keeps them (the platform attaches an {@code id} to every STATE and reads it back). Null members are
 * omitted on output. {@link dev.awsconnectors.commons.protocol.ProtocolCodec} is the one JSON codec for these types.
 *
 * <p>A newer platform or source may send enum values this version does not know, and must never fail a sync by it.
 * The enums are therefore {@link dev.awsconnectors.commons.protocol.ProtocolEnum}s, which keep such a value verbatim
 * (it is written back as read) and type it {@code UNKNOWN} for switches; the two sync modes, which have protocol
 * defaults and are only ever read, stay Java enums and read an unknown value as the default. Readers made with an
 * {@link dev.awsconnectors.commons.protocol.UnknownValueListener} report each unknown value.
 */
package dev.awsconnectors.commons.protocol;
