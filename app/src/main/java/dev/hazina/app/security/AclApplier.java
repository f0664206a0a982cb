package dev.hazina.app.security;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;

/**
 * Brings the cluster's ACLs to a plan: creates the bindings it lacks and, with {@code prune}, deletes
 * the bindings of the plan's principals that the plan no longer has. Running it twice changes nothing
 * the second time. Needs a principal allowed to alter ACLs (a super user).
 */
public final class AclApplier {

    /** What one run found and did. */
    public record Outcome(List<AclBinding> added, List<AclBinding> unchanged, List<AclBinding> removed) {
    }

    private AclApplier() {
    }

    public static Outcome apply(Admin admin, List<AclBinding> plan, Collection<String> principals, boolean prune)
            throws InterruptedException {
        Set<AclBinding> existing = new HashSet<>(get(() -> admin.describeAcls(AclBindingFilter.ANY).values().get()));
        List<AclBinding> missing = plan.stream().filter(binding -> !existing.contains(binding)).toList();
        List<AclBinding> unchanged = plan.stream().filter(existing::contains).toList();
        if (!missing.isEmpty()) {
            get(() -> admin.createAcls(missing).all().get());
        }
        List<AclBinding> stale = List.of();
        if (prune) {
            Set<String> managed = new HashSet<>();
            principals.forEach(principal -> managed.add("User:" + principal));
            Set<AclBinding> wanted = new HashSet<>(plan);
            stale = existing.stream()
                .filter(binding -> managed.contains(binding.entry().principal()) && !wanted.contains(binding))
                .toList();
            if (!stale.isEmpty()) {
                List<AclBindingFilter> filters = stale.stream().map(AclBinding::toFilter).toList();
                get(() -> admin.deleteAcls(filters).all().get());
            }
        }
        return new Outcome(missing, unchanged, stale);
    }

    private interface AdminCall<T> {
        T call() throws InterruptedException, ExecutionException;
    }

    private static <T> T get(AdminCall<T> call) throws InterruptedException {
        try {
            return call.call();
        } catch (ExecutionException e) {
            throw new IllegalStateException("ACL request failed: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
