package org.doorwatch.notify;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everyone of {@code people:}, in config order, found by id and by role. */
public final class People {

    public static final People NONE = new People(List.of());

    private final List<Person> all;
    private final Map<String, Person> byId = new LinkedHashMap<>();
    private final Map<Role, List<Person>> byRole = new EnumMap<>(Role.class);

    public People(List<Person> people) {
        this.all = List.copyOf(people);
        for (Person p : all) {
            byId.putIfAbsent(p.id(), p);
            for (Role r : p.roles()) {
                byRole.computeIfAbsent(r, k -> new ArrayList<>()).add(p);
            }
        }
    }

    public List<Person> all() {
        return all;
    }

    public boolean isEmpty() {
        return all.isEmpty();
    }

    public int size() {
        return all.size();
    }

    /** The person {@code id}, or null. */
    public Person get(String id) {
        return byId.get(id);
    }

    /** People of {@code role} who look after {@code household}, in config order. */
    public List<Person> with(Role role, String household) {
        List<Person> out = new ArrayList<>();
        for (Person p : byRole.getOrDefault(role, List.of())) {
            if (p.covers(household)) {
                out.add(p);
            }
        }
        return out;
    }
}
