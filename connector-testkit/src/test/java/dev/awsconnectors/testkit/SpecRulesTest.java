package dev.awsconnectors.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpecRulesTest {

  @Test
  void passesAWellFormedSpec() {
    assertThat(SpecRules.violations(Messages.json("""
        {"type":"object","additionalProperties":true,"required":["region"],"properties":{
          "region":{"type":"string","order":0},
          "password":{"type":"string","airbyte_secret":true,"order":1},
          "format":{"type":"object","order":2,"oneOf":[
            {"title":"A","properties":{"format_type":{"type":"string","const":"A"}}},
            {"title":"B","properties":{"format_type":{"type":"string","const":"B"},"level":{"type":"integer"}}}]},
          "fields":{"type":"array","items":{"type":"string"},"order":3}}}
        """))).isEmpty();
  }

  @Test
  void findsEachKindOfViolation() {
    var violations = SpecRules.violations(Messages.json("""
        {"type":"object","additionalProperties":false,"properties":{
          "secret":{"type":"string","order":0},
          "a":{"type":["string","integer"],"order":0},
          "b":{"type":"object"},
          "c":{"anyOf":[{"type":"string"}]},
          "d":{"type":"object","oneOf":[{"properties":{"x":{"type":"string"}}}]},
          "e":{"type":"array","items":[{"type":"string"}]}}}
        """));

    assertThat(String.join("\n", violations))
        .contains("$: additionalProperties must be true")
        .contains("$.secret: looks like a secret")
        .contains("duplicate order 0")
        .contains("$.a: type must be one type")
        .contains("$.b: object without properties")
        .contains("$.c: forbidden keyword 'anyOf'")
        .contains("$.d: oneOf variants need exactly one common const")
        .contains("$.e: items must be a single schema");
  }
}
