package dev.awsconnectors.destination.kinesis.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.error.ConfigErrorException;
import dev.awsconnectors.commons.protocol.AirbyteRecordMessage;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import dev.awsconnectors.commons.protocol.StreamDescriptor;
import dev.awsconnectors.commons.runtime.IncomingRecord;
import dev.awsconnectors.destination.kinesis.config.KinesisDestinationConfig.InvalidPayloads;
import dev.awsconnectors.destination.kinesis.config.PartitionKeySpec;
import dev.awsconnectors.destination.kinesis.config.PayloadFormat;
import dev.awsconnectors.kinesis.record.UserRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RecordEncoderTest {
  private static final Pattern UUID_V4 = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  private static final StreamDescriptor USERS = new StreamDescriptor("users", "public");
  private static final JsonNode DATA = ProtocolCodec.readTreeUnchecked("""
      {"id":7,"name":"Zoë\\n\\u2028","price":3.10,"customer":{"id":"c-1","region":"eu"},"tags":["a","b"]}""");

  private static JsonNode json(UserRecord r) {
    return ProtocolCodec.readTreeUnchecked(new String(r.data(), StandardCharsets.UTF_8));
  }

  private static RecordEncoder encoder(PayloadFormat payload, PartitionKeySpec key) {
    return new RecordEncoder(payload, key, Optional.empty(), InvalidPayloads.FAIL, Map.of(), System::nanoTime);
  }

  @Test
  void theDefaultEnvelopeIsAirbyte015sWithTheIdAsPartitionKey() {
    UserRecord r = encoder(new PayloadFormat.Envelope(true), new PartitionKeySpec.Random())
        .encode(record(DATA), USERS, "public_users", 1_700_000_000_123L);
    JsonNode envelope = json(r);
    assertThat(envelope.size()).isEqualTo(3);
    assertThat(envelope.get("_airbyte_ab_id").asText()).matches(UUID_V4).isEqualTo(r.partitionKey());
    assertThat(envelope.get("_airbyte_emitted_at").decimalValue()).isEqualByComparingTo("1700000000.123");
    assertThat(envelope.get("_airbyte_data").isTextual()).isTrue();
    assertThat(ProtocolCodec.readTreeUnchecked(envelope.get("_airbyte_data").asText())).isEqualTo(DATA);
    assertThat(envelope.get("_airbyte_data").asText()).contains("3.10");
  }

  @Test
  void theObjectEnvelopeNestsTheData() {
    UserRecord r = encoder(new PayloadFormat.Envelope(false), new PartitionKeySpec.Constant("k"))
        .encode(record(DATA), USERS, "public_users", 5L);
    JsonNode envelope = json(r);
    assertThat(envelope.get("_airbyte_data")).isEqualTo(DATA);
    assertThat(envelope.get("_airbyte_ab_id").asText()).matches(UUID_V4);
    assertThat(envelope.get("_airbyte_emitted_at").asText()).isEqualTo("0.005");
    assertThat(r.partitionKey()).isEqualTo("k");
  }

  @Test
  void theEnvelopeSpellsTimesBeforeTheEpochAsSignedSeconds() {
    UserRecord r = encoder(new PayloadFormat.Envelope(false), new PartitionKeySpec.Random())
        .encode(record(DATA), USERS, "public_users", -1_005L);
    assertThat(new String(r.data(), StandardCharsets.UTF_8)).contains("\"_airbyte_emitted_at\":-1.005,");
  }

  @Test
  void onlyPayloadsAndKeysThatNeedNoFieldOfTheDataReadItAsBytes() {
    assertThat(encoder(new PayloadFormat.Data(), new PartitionKeySpec.Random()).readsDataAsBytes()).isTrue();
    assertThat(encoder(new PayloadFormat.Envelope(true), new PartitionKeySpec.Constant("k")).readsDataAsBytes())
        .isTrue();
    assertThat(encoder(new PayloadFormat.EnvelopeV2(), new PartitionKeySpec.SourceStream()).readsDataAsBytes())
        .isTrue();
    assertThat(encoder(new PayloadFormat.Data(), new PartitionKeySpec.Fields(List.of(FieldPath.parse("id"))))
        .readsDataAsBytes()).isFalse();
    assertThat(encoder(new PayloadFormat.Field(FieldPath.parse("id")), new PartitionKeySpec.Random())
        .readsDataAsBytes()).isFalse();
    assertThat(new RecordEncoder(new PayloadFormat.Data(), new PartitionKeySpec.Random(),
        Optional.of(FieldPath.parse("id")), InvalidPayloads.FAIL, Map.of(), System::nanoTime).readsDataAsBytes())
        .isFalse();
  }

  @Test
  void dataModeSendsTheDataAloneExactly() {
    UserRecord r = encoder(new PayloadFormat.Data(), new PartitionKeySpec.Random()).encode(record(DATA), USERS, "s", 0);
    assertThat(json(r)).isEqualTo(DATA);
    assertThat(new String(r.data(), StandardCharsets.UTF_8)).contains("\u2028").contains("3.10");
  }

  @Test
  void fieldModeSendsAStringAsIsAndAnythingElseAsJson() {
    JsonNode data = ProtocolCodec.readTreeUnchecked("{\"msg\":\"{\\\"already\\\":\\\"json\\\"}\",\"obj\":{\"a\":1}}");
    RecordEncoder text = encoder(new PayloadFormat.Field(FieldPath.parse("msg")), new PartitionKeySpec.Random());
    assertThat(new String(text.encode(record(data), USERS, "s", 0).data(), StandardCharsets.UTF_8))
        .isEqualTo("{\"already\":\"json\"}");
    RecordEncoder object = encoder(new PayloadFormat.Field(FieldPath.parse("/obj")), new PartitionKeySpec.Random());
    assertThat(new String(object.encode(record(data), USERS, "s", 0).data(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1}");
  }

  @Test
  void fieldModeFailsClearlyWhenTheFieldIsMissing() {
    RecordEncoder e = encoder(new PayloadFormat.Field(FieldPath.parse("nope")), new PartitionKeySpec.Random());
    assertThatThrownBy(() -> e.encode(record(DATA), USERS, "s", 0)).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("'public.users'").hasMessageContaining("'nope'");
  }

  @Test
  void projectionPicksAndRenamesFieldsAndLeavesOutAbsentOnes() {
    RecordEncoder e = encoder(new PayloadFormat.Projection(List.of(
        new PayloadFormat.Projected(FieldPath.parse("id"), "id"),
        new PayloadFormat.Projected(FieldPath.parse("customer.region"), "region"),
        new PayloadFormat.Projected(FieldPath.parse("/tags/1"), "second_tag"),
        new PayloadFormat.Projected(FieldPath.parse("missing"), "gone"))), new PartitionKeySpec.Random());
    assertThat(json(e.encode(record(DATA), USERS, "s", 0)))
        .isEqualTo(ProtocolCodec.readTreeUnchecked("{\"id\":7,\"region\":\"eu\",\"second_tag\":\"b\"}"));
  }

  @Test
  void fieldsKeyJoinsValuesAndSpellsNullForMissingOnes() {
    RecordEncoder e = encoder(new PayloadFormat.Data(), new PartitionKeySpec.Fields(List.of(
        FieldPath.parse("customer.id"), FieldPath.parse("id"), FieldPath.parse("missing"), FieldPath.parse("tags"))));
    assertThat(e.encode(record(DATA), USERS, "s", 0).partitionKey()).isEqualTo("c-1|7|null|[\"a\",\"b\"]");
  }

  @Test
  void streamKeyNamesTheSourceStream() {
    RecordEncoder e = encoder(new PayloadFormat.Data(), new PartitionKeySpec.SourceStream());
    assertThat(e.encode(record(DATA), USERS, "x", 0).partitionKey()).isEqualTo("public_users");
    assertThat(e.encode(record(DATA), new StreamDescriptor("users", null), "x", 0).partitionKey()).isEqualTo("_users");
  }

  @Test
  void randomKeysAreDistinctUuids() {
    RecordEncoder e = encoder(new PayloadFormat.Data(), new PartitionKeySpec.Random());
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String key = e.encode(record(DATA), USERS, "x", 0).partitionKey();
      assertThat(key).matches(UUID_V4);
      keys.add(key);
    }
    assertThat(keys).hasSize(1000);
  }

  @Test
  void keysKinesisWouldRefuseAreMadeValidDeterministically() {
    assertThat(RecordEncoder.fit("")).isEqualTo("_");
    String longKey = "k".repeat(300);
    assertThat(RecordEncoder.fit(longKey)).hasSize(32).matches("[0-9a-f]{32}").isEqualTo(RecordEncoder.fit(longKey));
    assertThat(RecordEncoder.fit("k".repeat(256))).hasSize(256);
  }

  @Test
  void readsTheExplicitHashKeyFromAField() {
    RecordEncoder e = new RecordEncoder(new PayloadFormat.Data(), new PartitionKeySpec.Random(),
        Optional.of(FieldPath.parse("h")), InvalidPayloads.FAIL, Map.of(), System::nanoTime);
    assertThat(e.encode(record(ProtocolCodec.readTreeUnchecked("{\"h\":12345}")), USERS, "s", 0).explicitHashKey())
        .isEqualTo("12345");
    assertThat(e.encode(record(ProtocolCodec.readTreeUnchecked(
        "{\"h\":\"340282366920938463463374607431768211455\"}")), USERS, "s", 0).explicitHashKey())
        .isEqualTo("340282366920938463463374607431768211455");
    assertThatThrownBy(() -> e.encode(record(ProtocolCodec.readTreeUnchecked(
        "{\"h\":\"340282366920938463463374607431768211456\"}")), USERS, "s", 0))
        .isInstanceOf(ConfigErrorException.class).hasMessageContaining("explicit hash key");
    assertThatThrownBy(() -> e.encode(record(ProtocolCodec.readTreeUnchecked("{}")), USERS, "s", 0))
        .isInstanceOf(ConfigErrorException.class);
  }

  @Test
  void fieldPathsReadDottedPathsAndJsonPointers() {
    assertThat(FieldPath.parse("customer.id").find(DATA).asText()).isEqualTo("c-1");
    assertThat(FieldPath.parse("/tags/0").find(DATA).asText()).isEqualTo("a");
    assertThat(FieldPath.parse("/a~1b").segments()).containsExactly("a/b");
    assertThat(FieldPath.parse("name.deeper").find(DATA)).isNull();
    assertThatThrownBy(() -> FieldPath.parse("a..b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FieldPath.parse(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  private static PayloadTemplate template(String text) {
    try {
      return PayloadTemplate.compile(text, TemplateLimits.DEFAULT);
    } catch (PayloadTemplate.SyntaxError e) {
      throw new AssertionError(e);
    }
  }

  private static RecordEncoder templateEncoder(String payload, InvalidPayloads onInvalid) {
    return new RecordEncoder(new PayloadFormat.Template(template(payload)), new PartitionKeySpec.Random(),
        Optional.empty(), onInvalid, Map.of(), System::nanoTime);
  }

  private static IncomingRecord record(JsonNode data) {
    return IncomingRecord.of(new AirbyteRecordMessage("public", "users", data, 1_700_000_000_123L));
  }

  @Test
  void templateModeSendsTheRenderedJsonCompactly() {
    RecordEncoder e = templateEncoder("""
        {
          "id": {{ row.id }},
          "who": {{ row.name | json }},
          "price": {{ row.price | json }},
          "source": "{{ namespace }}.{{ stream }}",
          "at": {{ emitted_at }}
        }""", InvalidPayloads.FAIL);
    UserRecord r = e.encode(record(DATA), USERS, "public_users", 1_700_000_000_123L);
    assertThat(new String(r.data(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"id\":7,\"who\":\"Zoë\\n\u2028\",\"price\":3.10,\"source\":\"public.users\",\"at\":1700000000123}");
    assertThat(r.partitionKey()).matches(UUID_V4);
  }

  @Test
  void aTemplateThatRendersNoJsonFailsNamingTheStreamAndTheParsersComplaint() {
    RecordEncoder e = templateEncoder("{\"who\": \"{{ row.name }}\", \"n\": {{ row.missing }}}", InvalidPayloads.FAIL);
    assertThatThrownBy(() -> e.encode(record(DATA), USERS, "public_users", 0))
        .isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("A record of stream 'public.users' rendered with 'payload.template' to text that is "
            + "not JSON: ")
        .hasMessageContaining("(line 1, column")
        .hasMessageContaining("json filter")
        .hasMessageContaining("'on_invalid_payload' to SKIP");
  }

  @Test
  void withSkipAnInvalidPayloadRejectsTheRecordAndTheNextOneIsEncoded() {
    RecordEncoder e = templateEncoder("{\"n\": {{ row.n }}}", InvalidPayloads.SKIP);
    assertThatThrownBy(() -> e.encode(record(ProtocolCodec.readTreeUnchecked("{}")), USERS, "s", 0))
        .isInstanceOfSatisfying(RejectedRecordException.class, r -> {
          assertThat(r.stream()).isEqualTo(USERS);
          assertThat(r.getMessage()).contains("'public.users'").contains("not JSON");
        });
    assertThat(new String(e.encode(record(ProtocolCodec.readTreeUnchecked("{\"n\":5}")), USERS, "s", 0).data(),
        StandardCharsets.UTF_8)).isEqualTo("{\"n\":5}");
  }

  @Test
  void aTemplateOverItsLimitsIsAnInvalidPayload() throws Exception {
    PayloadTemplate oneIteration = PayloadTemplate.compile("[{% for t in row.tags %}1,{% endfor %}0]",
        new TemplateLimits(1, 1000, java.time.Duration.ofSeconds(1), 1000));
    RecordEncoder e = new RecordEncoder(new PayloadFormat.Template(oneIteration), new PartitionKeySpec.Random(),
        Optional.empty(), InvalidPayloads.FAIL, Map.of(), System::nanoTime);
    assertThatThrownBy(() -> e.encode(record(DATA), USERS, "s", 0)).isInstanceOf(ConfigErrorException.class)
        .hasMessageContaining("could not be rendered with 'payload.template': the template ran more than 1 loop");
  }

  @Test
  void withSkipAMissingPayloadFieldRejectsTheRecord() {
    RecordEncoder e = new RecordEncoder(new PayloadFormat.Field(FieldPath.parse("nope")), new PartitionKeySpec.Random(),
        Optional.empty(), InvalidPayloads.SKIP, Map.of(), System::nanoTime);
    assertThatThrownBy(() -> e.encode(record(DATA), USERS, "s", 0)).isInstanceOf(RejectedRecordException.class)
        .hasMessageContaining("'nope'");
  }

  @Test
  void aPartitionKeyTemplateRendersTheKey() {
    RecordEncoder e = new RecordEncoder(new PayloadFormat.Data(),
        new PartitionKeySpec.Template(template("{{ row.customer.id }}-{{ row.customer.region }}")), Optional.empty(),
        InvalidPayloads.FAIL, Map.of(), System::nanoTime);
    assertThat(e.encode(record(DATA), USERS, "s", 0).partitionKey()).isEqualTo("c-1-eu");
    assertThat(e.encode(record(ProtocolCodec.readTreeUnchecked("{}")), USERS, "s", 0).partitionKey())
        .isEqualTo("-");
    RecordEncoder empty = new RecordEncoder(new PayloadFormat.Data(),
        new PartitionKeySpec.Template(template("{{ row.customer.id }}")), Optional.empty(), InvalidPayloads.FAIL,
        Map.of(), System::nanoTime);
    assertThat(empty.encode(record(ProtocolCodec.readTreeUnchecked("{}")), USERS, "s", 0).partitionKey())
        .isEqualTo("_");
  }

  @Test
  void envelopeV2WritesAirbytesCurrentColumnsWithTheCatalogsGenerationAndTheRecordsChanges() throws Exception {
    RecordEncoder e = new RecordEncoder(new PayloadFormat.EnvelopeV2(), new PartitionKeySpec.Random(),
        Optional.empty(), InvalidPayloads.FAIL, Map.of(USERS, new RecordEncoder.Generation(3, 42)), System::nanoTime);
    AirbyteRecordMessage withChanges = ProtocolCodec.convert(ProtocolCodec.readTreeUnchecked("""
        {"namespace":"public","stream":"users","emitted_at":1700000000123,"data":{"id":7,"price":3.10},
         "meta":{"changes":[{"field":"bio","change":"TRUNCATED","reason":"SOURCE_FIELD_SIZE_LIMITATION",
                             "future_detail":{"x":1}}]}}"""), AirbyteRecordMessage.class);
    UserRecord r = e.encode(IncomingRecord.of(withChanges), USERS, "public_users", 1_700_000_000_123L);
    String text = new String(r.data(), StandardCharsets.UTF_8);
    JsonNode v2 = json(r);
    assertThat(v2.fieldNames()).toIterable().containsExactly("_airbyte_raw_id", "_airbyte_extracted_at",
        "_airbyte_generation_id", "_airbyte_meta", "_airbyte_data");
    assertThat(v2.get("_airbyte_raw_id").asText()).matches(UUID_V4).isEqualTo(r.partitionKey());
    assertThat(v2.get("_airbyte_extracted_at").isIntegralNumber()).isTrue();
    assertThat(v2.get("_airbyte_extracted_at").asLong()).isEqualTo(1_700_000_000_123L);
    assertThat(v2.get("_airbyte_generation_id").asLong()).isEqualTo(3);
    assertThat(v2.get("_airbyte_meta")).isEqualTo(ProtocolCodec.readTreeUnchecked("""
        {"sync_id":42,"changes":[{"field":"bio","change":"TRUNCATED","reason":"SOURCE_FIELD_SIZE_LIMITATION",
                                   "future_detail":{"x":1}}]}"""));
    assertThat(v2.get("_airbyte_data")).isEqualTo(ProtocolCodec.readTreeUnchecked("{\"id\":7,\"price\":3.10}"));
    assertThat(text).contains("\"price\":3.10");

    JsonNode plain = json(e.encode(record(DATA), new StreamDescriptor("other", null), "x", 5));
    assertThat(plain.get("_airbyte_generation_id").asLong()).isZero();
    assertThat(plain.get("_airbyte_meta")).isEqualTo(ProtocolCodec.readTreeUnchecked(
        "{\"sync_id\":0,\"changes\":[]}"));
  }

}
