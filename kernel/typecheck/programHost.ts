/**
 * The `ts.LanguageServiceHost` of a notebook's cell program: the cells' files from memory (each
 * with a version that changes only when its text does), everything else from disk, and the
 * kernel's module resolution (`unrolled` and tfjs from the shipped declarations, other packages
 * from the notebook's folder, `./__cellN__` to the cell files).
 */
import ts from 'typescript';
import { cellModuleName, type CellProgram } from './cellProgram';
import { cellCompilerOptions, type TypesFolder } from './typesFolder';

/** Versions count up across every notebook of the process, since the document registry is shared. */
let versions = 0;

export class ProgramHost implements ts.LanguageServiceHost {
  private program: CellProgram;
  private readonly versions = new Map<string, { text: string; version: number }>();
  private readonly options: ts.CompilerOptions;
  private readonly moduleCache: ts.ModuleResolutionCache;

  constructor(
    private readonly folder: string,
    private readonly types: TypesFolder,
    program: CellProgram,
  ) {
    this.options = cellCompilerOptions(types);
    this.moduleCache = ts.createModuleResolutionCache(folder, (f) => f, this.options);
    this.program = program;
    this.remember(program);
  }

  /** Replaces the cells; files whose text is unchanged keep their version (and the service its work). */
  setProgram(program: CellProgram): void {
    this.program = program;
    this.remember(program);
  }

  private remember(program: CellProgram): void {
    for (const cell of program.cells) {
      const known = this.versions.get(cell.fileName);
      if (known?.text !== cell.text) this.versions.set(cell.fileName, { text: cell.text, version: ++versions });
    }
  }

  getCompilationSettings = (): ts.CompilerOptions => this.options;
  getScriptFileNames = (): string[] => [this.types.globals, ...this.program.cells.map((c) => c.fileName)];
  getScriptVersion = (fileName: string): string => {
    const cell = this.program.fileCell(fileName);
    return cell ? String(this.versions.get(fileName)?.version ?? 0) : '0';
  };
  getScriptSnapshot = (fileName: string): ts.IScriptSnapshot | undefined => {
    const text = this.readFile(fileName);
    return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
  };
  getCurrentDirectory = (): string => this.folder;
  getDefaultLibFileName = (): string => `${this.types.libFolder}/lib.es2023.d.ts`;
  fileExists = (fileName: string): boolean => this.program.fileCell(fileName) !== undefined || ts.sys.fileExists(fileName);
  readFile = (fileName: string): string | undefined => this.program.fileCell(fileName)?.text ?? ts.sys.readFile(fileName);
  directoryExists = (name: string): boolean => ts.sys.directoryExists(name);
  getDirectories = (name: string): string[] => ts.sys.getDirectories(name);
  realpath = (name: string): string => (ts.sys.realpath ? ts.sys.realpath(name) : name);

  resolveModuleNameLiterals = (literals: readonly ts.StringLiteralLike[], containingFile: string): ts.ResolvedModuleWithFailedLookupLocations[] =>
    literals.map((literal) => this.resolve(literal.text, containingFile));

  private resolve(specifier: string, containingFile: string): ts.ResolvedModuleWithFailedLookupLocations {
    const fromCell = this.program.fileCell(containingFile) !== undefined;
    const target = fromCell ? this.cellModule(specifier) ?? this.types.bundled.get(specifier) : undefined;
    if (target) {
      const extension = target.endsWith('.d.ts') ? ts.Extension.Dts : ts.Extension.Ts;
      return { resolvedModule: { resolvedFileName: target, extension, isExternalLibraryImport: extension === ts.Extension.Dts } };
    }
    // Other packages as the kernel's `require` finds them: from the notebook's folder up.
    const from = fromCell ? `${this.folder}/__notebook__.ts` : containingFile;
    return ts.resolveModuleName(specifier, from, this.options, this, this.moduleCache);
  }

  private cellModule(specifier: string): string | undefined {
    const match = /^\.\/(__cell\d+__)$/.exec(specifier);
    if (!match) return undefined;
    return this.program.cells.find((c) => cellModuleName(c.cellIndex) === match[1])?.fileName;
  }
}
