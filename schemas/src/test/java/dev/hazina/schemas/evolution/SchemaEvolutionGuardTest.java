package dev.hazina.schemas.evolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.HazinaSchemas;
import dev.hazina.schemas.TransferRequest;

class SchemaEvolutionGuardTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldAcceptEveryCurrentSchemaAgainstTheCommittedReleasedVersions() {
        // Given
        Path released = Path.of(System.getProperty("basedir", ".")).resolve("released");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // When
        int code = SchemaEvolutionGuard.run(new String[] {released.toString()}, new PrintStream(out, true));

        // Then
        assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(new ReleasedSchemas(released).all().keySet())
            .containsExactlyInAnyOrderElementsOf(HazinaSchemas.all().values().stream().map(Schema::getName).toList());
    }

    @Test
    void shouldCatchFieldAddedWithoutDefault() {
        // Given
        Schema current = mutate(TransferRequest.getClassSchema(), fields -> fields.addObject()
            .put("name", "channelFee").put("type", "long"));

        // When
        List<EvolutionViolation> violations = check(TransferRequest.getClassSchema(), current);

        // Then
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.schema()).isEqualTo("dev.hazina.schemas.TransferRequest");
            assertThat(v.field()).isEqualTo("TransferRequest.channelFee");
            assertThat(v.type()).isEqualTo("READER_FIELD_MISSING_DEFAULT_VALUE");
            assertThat(v.describe()).contains("TransferRequest.channelFee", "v1.avsc");
        });
    }

    @Test
    void shouldAcceptFieldAddedWithDefault() {
        // Given
        Schema current = mutate(TransferRequest.getClassSchema(), fields -> fields.addObject()
            .put("name", "channelFee").put("type", "long").put("default", 0));

        // When / Then
        assertThat(check(TransferRequest.getClassSchema(), current)).isEmpty();
    }

    @Test
    void shouldCatchChangedFieldType() {
        // Given amount becomes a string
        Schema current = mutate(TransferRequest.getClassSchema(), fields -> fieldNamed(fields, "amount")
            .put("type", "string"));

        // When
        List<EvolutionViolation> violations = check(TransferRequest.getClassSchema(), current);

        // Then
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("TransferRequest.amount");
            assertThat(v.type()).isEqualTo("TYPE_MISMATCH");
        });
    }

    @Test
    void shouldCatchRemovedEnumSymbolInTheEnumAndWhereItIsUsed() throws Exception {
        // Given USSD is dropped from Channel
        ObjectNode channel = (ObjectNode) MAPPER.readTree(HazinaSchemas.plain(Channel.getClassSchema()).toString());
        ArrayNode symbols = (ArrayNode) channel.get("symbols");
        symbols.remove(0);
        Schema currentChannel = new Schema.Parser().parse(channel.toString());
        Schema currentRequest = mutate(TransferRequest.getClassSchema(),
            fields -> fieldNamed(fields, "channel").set("type", channel));

        // When
        List<EvolutionViolation> onEnum = check(Channel.getClassSchema(), currentChannel);
        List<EvolutionViolation> onRecord = check(TransferRequest.getClassSchema(), currentRequest);

        // Then
        assertThat(onEnum).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("Channel");
            assertThat(v.type()).isEqualTo("MISSING_ENUM_SYMBOLS");
            assertThat(v.detail()).contains("USSD");
        });
        assertThat(onRecord).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("TransferRequest.channel");
            assertThat(v.type()).isEqualTo("MISSING_ENUM_SYMBOLS");
        });
    }

    @Test
    void shouldCatchANewEnumSymbolThePreviousReleaseCannotReadUnlessTheUpgradeHoldsItBack() throws Exception {
        // Given KIOSK is added to Channel, which has no default
        ObjectNode channel = (ObjectNode) MAPPER.readTree(HazinaSchemas.plain(Channel.getClassSchema()).toString());
        ((ArrayNode) channel.get("symbols")).add("KIOSK");
        Schema current = new Schema.Parser().parse(channel.toString());

        // When
        List<EvolutionViolation> plain = check(Channel.getClassSchema(), current);
        List<EvolutionViolation> heldBack = check(Channel.getClassSchema(), current, "Channel=KIOSK");
        List<EvolutionViolation> unsafe = check(Channel.getClassSchema(), current, "unsafe.Channel=KIOSK");
        List<EvolutionViolation> other = check(Channel.getClassSchema(), current, "Channel=KIOSK_2");

        // Then
        assertThat(plain).singleElement().satisfies(v -> {
            assertThat(v.forward()).isTrue();
            assertThat(v.type()).isEqualTo("MISSING_ENUM_SYMBOLS");
            assertThat(v.detail()).contains("KIOSK");
            assertThat(v.describe()).contains("cannot read data written with the current schema");
        });
        assertThat(heldBack).isEmpty();
        assertThat(unsafe).isEmpty();
        assertThat(other).hasSize(1);
    }

    @Test
    void shouldCatchAFieldDroppedThatThePreviousReleaseNeeds() {
        // Given amount (no default) is dropped: this release reads old data, the previous cannot read new
        Schema current = mutate(TransferRequest.getClassSchema(), fields -> {
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).get("name").asText().equals("amount")) {
                    fields.remove(i);
                    return;
                }
            }
        });

        // When
        List<EvolutionViolation> violations = check(TransferRequest.getClassSchema(), current);

        // Then
        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.forward()).isTrue();
            assertThat(v.type()).isEqualTo("READER_FIELD_MISSING_DEFAULT_VALUE");
            assertThat(v.field()).isEqualTo("TransferRequest.amount");
        });
    }

    @Test
    void shouldNameNestedFields() throws Exception {
        // Given AccountState.limits.overdraftLimit loses its default and becomes a string
        ObjectNode state = (ObjectNode) MAPPER.readTree(HazinaSchemas.plain(AccountState.getClassSchema()).toString());
        ObjectNode limits = (ObjectNode) fieldNamed((ArrayNode) state.get("fields"), "limits").get("type");
        ObjectNode overdraft = fieldNamed((ArrayNode) limits.get("fields"), "overdraftLimit");
        overdraft.put("type", "string").remove("default");
        Schema current = new Schema.Parser().parse(state.toString());

        // When
        List<EvolutionViolation> violations = check(AccountState.getClassSchema(), current);

        // Then
        assertThat(violations).extracting(EvolutionViolation::field)
            .containsExactly("AccountState.limits.overdraftLimit");
    }

    @Test
    void shouldCatchARemovedReleasedType() {
        // Given
        new ReleasedSchemas(dir).release(HazinaSchemas.plain(Channel.getClassSchema()));

        // When
        List<EvolutionViolation> violations = SchemaEvolutionGuard.check(List.of(), new ReleasedSchemas(dir));

        // Then
        assertThat(violations).singleElement().satisfies(v -> assertThat(v.type()).isEqualTo("SCHEMA_REMOVED"));
    }

    @Test
    void shouldReportViolationsFromTheBuildEntryPoint() throws Exception {
        // Given a released TransferRequest whose amount was a string
        Schema released = mutate(TransferRequest.getClassSchema(), fields -> fieldNamed(fields, "amount")
            .put("type", "string"));
        Files.createDirectories(dir.resolve("TransferRequest"));
        Files.writeString(dir.resolve("TransferRequest/v1.avsc"), released.toString(true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        // When
        int code = SchemaEvolutionGuard.run(new String[] {dir.toString()}, new PrintStream(out, true));

        // Then
        assertThat(code).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8))
            .contains("dev.hazina.schemas.TransferRequest", "TransferRequest.amount", "TYPE_MISMATCH");
        assertThatThrownBy(() -> SchemaEvolutionGuard.main(new String[] {dir.toString()}))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("not BACKWARD or not FORWARD compatible");
    }

    @Test
    void shouldReleaseANewVersionOnlyWhenTheSchemaChanged() {
        // Given
        ReleasedSchemas released = new ReleasedSchemas(dir);
        Schema v1 = HazinaSchemas.plain(TransferRequest.getClassSchema());
        Schema v2 = mutate(v1, fields -> fields.addObject().put("name", "x").put("type", "long").put("default", 0));

        // When
        Path first = released.release(v1);
        Path unchanged = released.release(v1);
        Path second = released.release(v2);

        // Then
        assertThat(first).hasFileName("v1.avsc");
        assertThat(unchanged).isNull();
        assertThat(second).hasFileName("v2.avsc");
        assertThat(released.all().get("TransferRequest")).extracting(ReleasedSchemas.Version::version)
            .containsExactly(1, 2);
    }

    private List<EvolutionViolation> check(Schema releasedSchema, Schema current) {
        return check(releasedSchema, current, null);
    }

    /** With {@code upgradeSymbols} as the released folder's upgrade-symbols.properties, when not null. */
    private List<EvolutionViolation> check(Schema releasedSchema, Schema current, String upgradeSymbols) {
        Path own = dir.resolve(current.getName() + "-" + System.nanoTime());
        new ReleasedSchemas(own).release(HazinaSchemas.plain(releasedSchema));
        if (upgradeSymbols != null) {
            try {
                Files.writeString(own.resolve(UpgradeSymbols.FILE), upgradeSymbols + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return SchemaEvolutionGuard.check(List.of(current), new ReleasedSchemas(own));
    }

    private static Schema mutate(Schema schema, Consumer<ArrayNode> change) {
        try {
            ObjectNode tree = (ObjectNode) MAPPER.readTree(schema.toString());
            change.accept((ArrayNode) tree.get("fields"));
            return new Schema.Parser().parse(tree.toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode fieldNamed(ArrayNode fields, String name) {
        for (var field : fields) {
            if (name.equals(field.get("name").asText())) {
                return (ObjectNode) field;
            }
        }
        throw new IllegalArgumentException("No field " + name);
    }
}
