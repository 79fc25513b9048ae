package org.doorwatch.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdIndexTest {

    @Test
    void findsEveryIdAtItsSlotAndNothingElse() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add("door-" + i);
        }
        IdIndex index = IdIndex.of(ids);
        assertThat(index.size()).isEqualTo(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            assertThat(index.slot(new String(ids.get(i)))).isEqualTo(i);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(index.slot("door-" + (100_000 + i))).isEqualTo(-1);
            assertThat(index.slot("gate-" + i)).isEqualTo(-1);
        }
        assertThat(index.slot("")).isEqualTo(-1);
    }

    @Test
    void aRepeatedIdKeepsItsFirstSlot() {
        IdIndex index = IdIndex.of(List.of("a", "b", "a", "c"));
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.slot("a")).isZero();
        assertThat(index.slot("b")).isEqualTo(1);
        assertThat(index.slot("c")).isEqualTo(2);
    }

    @Test
    void anEmptyIndexFindsNothing() {
        IdIndex index = IdIndex.of(List.of());
        assertThat(index.size()).isZero();
        assertThat(index.slot("a")).isEqualTo(-1);
    }

    @Test
    void idsWithTheSameHashCodeAreToldApart() {
        // "Aa" and "BB" share a hash code, so every string of n such pairs shares one too.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            StringBuilder b = new StringBuilder();
            for (int bit = 0; bit < 6; bit++) {
                b.append((i >> bit & 1) == 0 ? "Aa" : "BB");
            }
            ids.add(b.toString());
        }
        assertThat(ids.stream().map(String::hashCode).distinct()).hasSize(1);
        IdIndex index = IdIndex.of(ids);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(index.slot(ids.get(i))).isEqualTo(i);
        }
        assertThat(index.slot("AaAaAaAaAaAC")).isEqualTo(-1);
    }
}
