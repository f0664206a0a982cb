package dev.hazina.bench.load;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a system adds to a step's result. For Hazina: the records it wrote per topic during the step,
 * counted from the topics (data records, read back) and from end offsets (which also count one
 * transaction marker per partition per transaction).
 *
 * @param recordsPerTransfer   data records written per record sent, all topics
 * @param offsetsPerTransfer   end-offset advance per record sent, all topics (markers included)
 * @param perTopic             data records per record sent, by topic
 * @param bytesPerRecord       mean key + value bytes of a data record, by topic
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepDetail(
    @JsonProperty("records_per_transfer") Double recordsPerTransfer,
    @JsonProperty("offsets_per_transfer") Double offsetsPerTransfer,
    @JsonProperty("records_per_transfer_by_topic") Map<String, Double> perTopic,
    @JsonProperty("bytes_per_record_by_topic") Map<String, Double> bytesPerRecord) {

    public static final StepDetail NONE = new StepDetail(null, null, null, null);
}
