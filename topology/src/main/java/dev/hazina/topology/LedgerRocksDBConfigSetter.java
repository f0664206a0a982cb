package dev.hazina.topology;

import java.util.Map;

import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * All RocksDB tuning in one place. Every store of an instance shares one block cache and one
 * write-buffer budget, so off-heap memory is bounded by config however many tasks or accounts
 * there are ({@code hazina.rocksdb.block.cache.bytes}, {@code hazina.rocksdb.write.buffer.bytes}).
 */
public final class LedgerRocksDBConfigSetter implements RocksDBConfigSetter {

    private static Cache cache;
    private static WriteBufferManager writeBufferManager;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long cacheBytes = longConfig(configs, LedgerConfig.ROCKSDB_BLOCK_CACHE_BYTES_CONFIG, 128L << 20);
        long writeBufferBytes = longConfig(configs, LedgerConfig.ROCKSDB_WRITE_BUFFER_BYTES_CONFIG, 64L << 20);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(sharedCache(cacheBytes));
        table.setCacheIndexAndFilterBlocks(true);
        table.setPinL0FilterAndIndexBlocksInCache(true);
        options.setWriteBufferManager(sharedWriteBufferManager(writeBufferBytes, cacheBytes));
        options.setTableFormatConfig(table);
        options.setMaxWriteBufferNumber(2);
        options.setWriteBufferSize(Math.min(16L << 20, writeBufferBytes / 4));
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and write-buffer manager are shared by every store; they live as long as the JVM.
    }

    private static synchronized Cache sharedCache(long bytes) {
        if (cache == null) {
            cache = new LRUCache(bytes);
        }
        return cache;
    }

    private static synchronized WriteBufferManager sharedWriteBufferManager(long bytes, long cacheBytes) {
        if (writeBufferManager == null) {
            writeBufferManager = new WriteBufferManager(Math.min(bytes, cacheBytes), sharedCache(cacheBytes));
        }
        return writeBufferManager;
    }

    private static long longConfig(Map<String, Object> configs, String key, long fallback) {
        Object value = configs.get(key);
        return value == null ? fallback : Long.parseLong(value.toString());
    }
}
