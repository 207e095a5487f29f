package io.custos.data.transform;

import java.util.Map;

/**
 * What one step did.
 *
 * @param index   the step's position in the request, from 0
 * @param type    the step's JSON type
 * @param details counts and column names of what changed, and the parameters to store with the new
 *                version so it can be reproduced (clip bounds, bin edges, chosen levels); never a
 *                data value
 */
public record StepOutcome(int index, String type, Map<String, Object> details) {
}
