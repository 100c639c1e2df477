package dev.awsconnectors.destination.kinesis.send;

import dev.awsconnectors.commons.state.StateLedger.RecordGroup;
import dev.awsconnectors.kinesis.record.UserRecord;

/**
 * One accepted Airbyte record on its way to Kinesis: the user record to put and the ledger group to acknowledge once
 * Kinesis has it.
 *
 * @param budgetBytes the bytes it holds of the in-memory budget, released when it is acknowledged
 */
public record Member(UserRecord record, RecordGroup group, int budgetBytes) {}
