package dev.awsconnectors.format.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AvroNamesTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "name|name",
      "_name|_name",
      "Name_2|Name_2",
      "spécial:character_names|special_character_names",
      "Ærø|_r_",
      "1st|_1st",
      "+1|_1",
      "-1|_1",
      "a b.c-d|a_b_c_d",
      "中文|__",
      "emoji😀|emoji_",
      "''|_",
      "naïve café|naive_cafe",
      "ﬁle|file",
  })
  void sanitizesEachName(String original, String expected) {
    assertThat(AvroNames.sanitize(original)).isEqualTo(expected);
    assertThat(AvroNames.isValid(AvroNames.sanitize(original))).isTrue();
  }

  @Test
  void validNamesAreKeptAndOthersNeverCollide() {
    assertThat(AvroNames.assign(List.of("-1", "+1", "_1", "id"), List.of()))
        .containsExactly("_1_2", "_1_1", "_1", "id");
    assertThat(AvroNames.assign(List.of("+1", "-1"), List.of())).containsExactly("_1", "_1_1");
    assertThat(AvroNames.assign(List.of("-1", "+1"), List.of())).containsExactly("_1_1", "_1");
  }

  @Test
  void namesDifferingOnlyInCaseAreMadeUnique() {
    assertThat(AvroNames.assign(List.of("id", "ID", "Id"), List.of())).containsExactly("id", "ID_1", "Id_2");
  }

  @Test
  void reservedNamesAreAvoided() {
    assertThat(AvroNames.assign(List.of("_airbyte_raw_id", "_AIRBYTE_RAW_ID", "_airbyte_raw_id_1"),
        List.of("_airbyte_raw_id"))).containsExactly("_airbyte_raw_id_3", "_AIRBYTE_RAW_ID_2", "_airbyte_raw_id_1");
  }

  @Test
  void suffixedNamesDoNotStealLaterValidNames() {
    assertThat(AvroNames.assign(List.of("a-b", "a_b", "a_b_1"), List.of()))
        .containsExactly("a_b_2", "a_b", "a_b_1");
  }

  @Test
  void theResultDoesNotDependOnPropertyOrder() {
    List<String> originals = List.of("+1", "-1", "*1", "_1", "a.b", "a-b", "a_b", "Ä", "A", "a", "1", "x y");
    List<String> base = AvroNames.assign(originals, List.of("_airbyte_ab_id"));
    for (int seed = 0; seed < 20; seed++) {
      List<Integer> order = IntStream.range(0, originals.size()).boxed().collect(Collectors.toCollection(ArrayList::new));
      Collections.shuffle(order, new java.util.Random(seed));
      List<String> shuffled = order.stream().map(originals::get).toList();
      List<String> names = AvroNames.assign(shuffled, List.of("_airbyte_ab_id"));
      for (int i = 0; i < order.size(); i++) {
        String name = names.get(i);
        String expected = base.get(order.get(i));
        // only case-insensitive duplicates among valid names depend on order ("A" vs "a")
        if (!Set.of("A", "a", "A_1", "a_1").contains(expected)) {
          assertThat(name).as(shuffled.get(i)).isEqualTo(expected);
        }
      }
      assertThat(names.stream().map(String::toLowerCase).distinct().count()).isEqualTo(names.size());
      assertThat(names).allMatch(AvroNames::isValid);
    }
  }

  @Test
  void namespacesAreSanitizedPartByPart() {
    assertThat(AvroNames.namespace("my-db.public")).isEqualTo("my_db.public");
    assertThat(AvroNames.namespace("1.a")).isEqualTo("_1.a");
    assertThat(AvroNames.namespace("")).isNull();
    assertThat(AvroNames.namespace(null)).isNull();
  }
}
