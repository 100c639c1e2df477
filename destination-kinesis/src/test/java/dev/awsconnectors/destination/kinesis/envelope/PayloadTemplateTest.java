package dev.awsconnectors.destination.kinesis.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awsconnectors.commons.protocol.ProtocolCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Rendering records with Liquid: the json filter, missing fields, loops, exact numbers, syntax errors, limits. */
class PayloadTemplateTest {
  private static final JsonNode ROW = ProtocolCodec.readTreeUnchecked("""
      {"full_name":"Zoë \\"Z\\" O'Neil\\\\","age":41,"email":"zoe@example.com","phone":null,
       "bio":"line 1\\nline 2\\r\\n\\ttab \\u2028 \\u0001 😀 é","price":3.10,"ratio":1.50,"tiny":-0.000100,
       "big":123456789012345678901234567890,"exp":1E+400,"vip":true,
       "tags":["a","b\\"c"],"orders":[{"id":1,"total":9.90},{"id":2,"total":10.00}],
       "customer":{"id":"c-1","region":"eu"}}""");

  private static String render(String template) throws Exception {
    return render(template, TemplateLimits.DEFAULT, System::nanoTime);
  }

  private static String render(String template, TemplateLimits limits, java.util.function.LongSupplier clock)
      throws Exception {
    Map<String, Object> variables = new HashMap<>();
    variables.put("row", LiquidJson.value(ROW));
    variables.put("stream", "users");
    variables.put("namespace", null);
    variables.put("emitted_at", 1_700_000_000_123L);
    return PayloadTemplate.compile(template, limits).newRenderer(clock).render(variables);
  }

  private static JsonNode json(String text) {
    return ProtocolCodec.readTreeUnchecked(text);
  }

  @Test
  void theJsonFilterQuotesAndEscapesStringsSoTheOutputIsJson() throws Exception {
    String out = render("{\"name\": {{ row.full_name | json }}, \"bio\": {{ row.bio | json }}}");
    assertThat(json(out).get("name").textValue()).isEqualTo(ROW.get("full_name").textValue());
    assertThat(json(out).get("bio").textValue()).isEqualTo("line 1\nline 2\r\n\ttab \u2028 \u0001 😀 é");
    assertThat(out).doesNotContain("\n").contains("\\n").contains("\\\"Z\\\"").contains("😀");
  }

  @Test
  void withoutTheFilterAQuoteInTheDataBreaksTheJson() throws Exception {
    String out = render("{\"name\": \"{{ row.full_name }}\"}");
    assertThatThrownBy(() -> new CompactJson().compact(out)).isInstanceOf(CompactJson.InvalidJsonException.class);
  }

  @Test
  void numbersKeepTheirExactSpelling() throws Exception {
    String out = render("[{{ row.price | json }},{{ row.ratio | json }},{{ row.tiny | json }},{{ row.big | json }},"
        + "{{ row.exp | json }},{{ row.age | json }},{{ row.orders | json }}]");
    assertThat(out).isEqualTo("[3.10,1.50,-0.000100,123456789012345678901234567890,1E+400,41,"
        + "[{\"id\":1,\"total\":9.90},{\"id\":2,\"total\":10.00}]]");
    assertThat(render("{{ row.ratio }} {{ row.age }}")).isEqualTo("1.50 41");
  }

  @Test
  void objectsArraysBooleansAndNullBecomeJson() throws Exception {
    assertThat(json(render("{{ row.customer | json }}"))).isEqualTo(ROW.get("customer"));
    assertThat(json(render("{{ row.tags | json }}"))).isEqualTo(ROW.get("tags"));
    assertThat(json(render("{{ row | json }}"))).isEqualTo(ROW);
    assertThat(render("{{ row.vip | json }} {{ row.phone | json }}")).isEqualTo("true null");
    assertThat(json(render("{{ row.customer }}"))).isEqualTo(ROW.get("customer"));
    assertThat(render("{{ \"a,b\" | split: \",\" | json }}")).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void missingFieldsRenderAsNothingOrAsNullThroughTheFilter() throws Exception {
    assertThat(render("\"{{ row.nope }}\"")).isEqualTo("\"\"");
    assertThat(render("{{ row.nope | json }}")).isEqualTo("null");
    assertThat(render("{{ row.nope.deeper | json }}")).isEqualTo("null");
    assertThat(render("{{ row.nope | default: \"n/a\" | json }}")).isEqualTo("\"n/a\"");
    assertThat(render("{% if row.nope %}yes{% else %}no{% endif %}")).isEqualTo("no");
  }

  @Test
  void loopsOverArraysAndReadsTheOtherVariables() throws Exception {
    String out = render("""
        {"stream": {{ stream | json }}, "ns": {{ namespace | json }}, "at": {{ emitted_at }},
         "ids": [{% for o in row.orders %}{{ o.id }}{% unless forloop.last %},{% endunless %}{% endfor %}],
         "tags": [{% for t in row.tags %}{{ t | json }}{% if forloop.last == false %},{% endif %}{% endfor %}],
         "count": {{ row.orders | size }}}""");
    assertThat(json(out)).isEqualTo(json("""
        {"stream":"users","ns":null,"at":1700000000123,"ids":[1,2],"tags":["a","b\\"c"],"count":2}"""));
  }

  @Test
  void hightouchsContactInfoExampleRendersAsDocumented() throws Exception {
    String out = render("""
        {
          "name": {{ row.full_name | json }},
          "age": {{ row.age | json }},
          "contact_info": [
            {"type": "email", "value": {{ row.email | json }}}{% if row.phone %},
            {"type": "phone", "value": {{ row.phone | json }}}{% endif %}
          ]
        }""");
    assertThat(new String(new CompactJson().compact(out), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
        "{\"name\":\"Zoë \\\"Z\\\" O'Neil\\\\\",\"age\":41,\"contact_info\":[{\"type\":\"email\","
            + "\"value\":\"zoe@example.com\"}]}");
  }

  @Test
  void aSyntaxErrorNamesTheLineAndColumn() {
    assertThatThrownBy(() -> PayloadTemplate.compile("{\n  \"a\": {{ row.a | }},\n  \"b\": 1\n}",
        TemplateLimits.DEFAULT))
        .isInstanceOfSatisfying(PayloadTemplate.SyntaxError.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.column()).isGreaterThan(1);
          assertThat(e.reason()).isNotBlank();
        });
    assertThatThrownBy(() -> PayloadTemplate.compile("{% if row.a %}open", TemplateLimits.DEFAULT))
        .isInstanceOf(PayloadTemplate.SyntaxError.class);
    assertThatThrownBy(() -> PayloadTemplate.compile("x\n{% bogus %}", TemplateLimits.DEFAULT))
        .isInstanceOfSatisfying(PayloadTemplate.SyntaxError.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.reason()).contains("bogus");
        });
  }

  @Test
  void anUnknownFilterIsASyntaxErrorAtItsPlace() {
    assertThatThrownBy(() -> PayloadTemplate.compile("{\"a\":\n   {{ row.a | jsonify }}}", TemplateLimits.DEFAULT))
        .isInstanceOfSatisfying(PayloadTemplate.SyntaxError.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.column()).isEqualTo(15);
          assertThat(e.reason()).isEqualTo("there is no filter named 'jsonify'");
        });
  }

  @Test
  void aTemplateCannotIncludeFiles() {
    assertThatThrownBy(() -> PayloadTemplate.compile("{\n {% include '/etc/passwd' %}}", TemplateLimits.DEFAULT))
        .isInstanceOfSatisfying(PayloadTemplate.SyntaxError.class, e -> {
          assertThat(e.line()).isEqualTo(2);
          assertThat(e.reason()).isEqualTo("templates cannot include other files");
        });
  }

  @Test
  void loopIterationsAreBounded() {
    TemplateLimits limits = new TemplateLimits(1000, 1 << 20, Duration.ofSeconds(60), 1024);
    assertThatThrownBy(() -> render("{% for i in (1..100000000) %}{% endfor %}", limits, System::nanoTime))
        .isInstanceOf(TemplateRenderer.RenderException.class).hasMessageContaining("1000 loop iterations");
  }

  @Test
  void outputSizeIsBoundedAsItGrows() {
    TemplateLimits limits = new TemplateLimits(1_000_000, 1000, Duration.ofSeconds(60), 1024);
    assertThatThrownBy(() -> render("{% for i in (1..500) %}{{ row.email }}{% endfor %}", limits, System::nanoTime))
        .isInstanceOf(TemplateRenderer.RenderException.class).hasMessageContaining("more than 1000 characters");
  }

  @Test
  void renderTimeIsBoundedOnTheInjectedClock() throws Exception {
    TemplateLimits limits = new TemplateLimits(1_000_000, 1 << 20, Duration.ofMillis(500), 1024);
    AtomicLong now = new AtomicLong();
    // Every reading of the clock moves it by 100 ms: the sixth check passes the deadline.
    assertThatThrownBy(() -> render("{% for i in (1..20) %}{{ i }}{% endfor %}", limits,
        () -> now.addAndGet(100_000_000L)))
        .isInstanceOf(TemplateRenderer.RenderException.class).hasMessageContaining("longer than 500 ms");
    AtomicLong still = new AtomicLong();
    assertThat(render("{% for i in (1..20) %}{{ i }}{% endfor %}", limits, still::get)).hasSize(31);
  }

  @Test
  void aRendererStartsEveryRecordWithFreshCounters() throws Exception {
    TemplateLimits limits = new TemplateLimits(30, 1 << 20, Duration.ofSeconds(60), 1024);
    TemplateRenderer r = PayloadTemplate.compile("{% for t in row.tags %}{{ t }}{% endfor %}", limits)
        .newRenderer(System::nanoTime);
    Map<String, Object> variables = new HashMap<>();
    variables.put("row", LiquidJson.value(ROW));
    for (int i = 0; i < 100; i++) {
      assertThat(r.render(variables)).isEqualTo("ab\"c");
    }
  }

  @Test
  void overlongTemplatesAreRefused() {
    TemplateLimits limits = new TemplateLimits(10, 10, Duration.ofSeconds(1), 16);
    assertThatThrownBy(() -> PayloadTemplate.compile("x".repeat(17), limits))
        .isInstanceOf(PayloadTemplate.SyntaxError.class).hasMessageContaining("17 characters");
  }
}
