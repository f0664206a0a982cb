package dev.hazina.harness.traffic;

import java.util.ArrayList;
import java.util.List;

/**
 * The synthetic accounts: mostly customers, with agents, merchants and businesses in
 * M-PESA-like proportions (90 / 5 / 4 / 1 percent, at least one of each).
 */
public record Population(List<String> customers, List<String> agents, List<String> merchants,
                         List<String> businesses) {

    public static Population of(int accounts) {
        int agents = Math.max(1, accounts / 20);
        int merchants = Math.max(1, accounts / 25);
        int businesses = Math.max(1, accounts / 100);
        int customers = Math.max(2, accounts - agents - merchants - businesses);
        return new Population(ids("cust-", customers), ids("agent-", agents), ids("merch-", merchants),
            ids("biz-", businesses));
    }

    public int size() {
        return customers.size() + agents.size() + merchants.size() + businesses.size();
    }

    private static List<String> ids(String prefix, int count) {
        List<String> ids = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            ids.add(String.format("%s%06d", prefix, i));
        }
        return List.copyOf(ids);
    }
}
