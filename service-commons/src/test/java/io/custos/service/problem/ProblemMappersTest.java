package io.custos.service.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.custos.service.problem.Problem.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a caller reads when Jackson cannot bind the body: the field, and the JSON type it must be. */
class ProblemMappersTest {

    record Job(String name, int rounds, List<String> roles, Privacy privacy) {
    }

    record Privacy(double epsilon) {
    }

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static Problem problemFor(String body) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> STRICT.readValue(body, Job.class));
        return ProblemMappers.jsonProblem(e, "/api/jobs");
    }

    @Test
    void aValueOfTheWrongTypeNamesTheFieldAndWhatItMustBe() {
        Problem p = problemFor("{\"rounds\":\"ten\"}");
        assertEquals("https://custos.io/problems/validation", p.type());
        assertEquals("Invalid request", p.title());
        assertEquals(400, p.status());
        assertEquals(List.of(new FieldError("rounds", "value ten is not a valid int; must be a number")), p.errors());
        assertEquals("rounds: value ten is not a valid int; must be a number", p.detail());
        assertEquals("/api/jobs", p.instance());

        assertEquals(List.of(new FieldError("roles", "wrong type or shape of value; must be an array")),
                problemFor("{\"roles\":5}").errors());
        assertEquals(List.of(new FieldError("roles[1]", "wrong type or shape of value; must be a string")),
                problemFor("{\"roles\":[\"a\",{}]}").errors());
        assertEquals("privacy.epsilon", problemFor("{\"privacy\":{\"epsilon\":\"lots\"}}").errors().get(0).field());
    }

    @Test
    void anUnknownFieldIsNamedWithTheKnownOnes() {
        assertEquals(List.of(new FieldError("bogus", "is not a known field; known fields: name, privacy, roles, rounds")),
                problemFor("{\"bogus\":1}").errors());
    }

    @Test
    void aBodyThatIsNotJsonSaysWhereItBreaks() {
        Problem p = problemFor("{not json");
        assertEquals("https://custos.io/problems/malformed-json", p.type());
        assertEquals("Malformed JSON", p.title());
        assertTrue(p.detail().startsWith("request body is not valid JSON (line 1, column 2): "), p.detail());
        assertNull(p.errors());

        assertEquals("wrong type or shape of value; must be an object", problemFor("[]").detail());
    }

    @Test
    void fieldErrorsAreListedInTheDetailAndEmptyMembersAreLeftOut() throws Exception {
        ProblemException e = ProblemException.validation(List.of(new FieldError("username", "is required"),
                new FieldError("password", "is required")));
        assertEquals("username: is required; password: is required", e.getMessage());
        assertEquals("https://custos.io/problems/validation", e.type());
        assertEquals("https://custos.io/problems/not-ready", new ProblemException(409, "Not ready", "later").type());

        String json = new ObjectMapper().writeValueAsString(new Problem(Problem.type("conflict"), "Conflict", 409,
                "taken", "/api/x", List.of()));
        assertEquals("{\"type\":\"https://custos.io/problems/conflict\",\"title\":\"Conflict\",\"status\":409,"
                + "\"detail\":\"taken\",\"instance\":\"/api/x\"}", json);
    }
}
