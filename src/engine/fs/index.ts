/** The container file-system module: layers, the layered copy-on-write fs, volumes, tars. */
export * from './types.js';
export { Layer, treeFromEntries, fileNode } from './layer.js';
export { LayeredFs, toStat, type Mount, type LayeredFsOptions } from './layered-fs.js';
export { FsTree, copyTree } from './volume.js';
export { mergeLayers } from './merge.js';
export { changes, type Change } from './changes.js';
export { SyntheticContent, seedOf } from './synthetic.js';
export type { DirNode, FileNode, SymlinkNode, Entry, Node, Meta, Content } from './node.js';
export { exportTar, layerTar, commitLayer, mergedEntries } from './tar/export.js';
export { archivePath, statPath, encodePathStat, goFileMode, type PathStat } from './tar/archive.js';
export { extractTar, readTar, layerFromTar, ArchiveError, type ExtractOptions } from './tar/extract.js';
export { tarStream, tarDigest, tarBuffer, tarChunks, type TarEntry } from './tar/writer.js';
