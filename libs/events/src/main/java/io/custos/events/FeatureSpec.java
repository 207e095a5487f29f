package io.custos.events;

import java.util.List;

/** One input column of a model: its name, kind (numeric or categorical) and declared categories. */
public record FeatureSpec(String name, String kind, List<String> categories) {
}
