// The snapshot store's public surface: snapshots with copy-on-write RAM
// pages, the checkpoint policy, and the snapshot file.

export { Snapshot, SnapshotStore } from './store';
export type { SnapshotStoreOptions, SnapshotStoreStats } from './store';
export { DEFAULT_POLICY, desiredSpacing } from './policy';
export type { CheckpointPolicy } from './policy';
export { SnapshotError } from './errors';
export type { SnapshotErrorCode } from './errors';
export { writeSnapshotFile, readSnapshotFile, SNAPSHOT_MAGIC, SNAPSHOT_FORMAT_VERSION } from './file';
export { GROUP_PAGES } from './pages';
