package dev.burnrate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout holds: the domain (usage, engine, pricing, budget, downgrade) is plain Java that knows
 * no framework, no adapter and no store; CEL stays inside the rule language; nothing depends on the
 * adapters (mcp, cli) but the adapters; and no two packages depend on each other in a cycle.
 * Checked on the compiled classes, so fully qualified names count like imports.
 */
class ArchitectureTest {
  static final String[] DOMAIN = {
    "dev.burnrate.usage..", "dev.burnrate.engine..", "dev.burnrate.pricing..",
    "dev.burnrate.budget..", "dev.burnrate.downgrade..", "dev.burnrate.reserve.."
  };

  static JavaClasses main;

  @BeforeAll
  static void importMain() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.burnrate");
  }

  @Test
  void theDomainDependsOnlyOnJavaItselfAndCelInsideTheRuleLanguage() {
    classes()
        .that()
        .resideInAnyPackage(DOMAIN)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(concat(DOMAIN, "java..", "dev.cel.."))
        .check(main);
    noClasses()
        .that()
        .resideInAnyPackage(DOMAIN)
        .and()
        .resideOutsideOfPackage("dev.burnrate.downgrade.rules..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.cel..", "com.google..")
        .check(main);
  }

  @Test
  void theDomainDoesNoIo() {
    noClasses()
        .that()
        .resideInAnyPackage(DOMAIN)
        .should()
        .dependOnClassesThat()
        .haveNameMatching(
            "java\\.nio\\.file\\..*|java\\.io\\.(File|RandomAccessFile).*"
                + "|java\\.net\\.(http\\..*|Socket.*|URL.*|HttpURLConnection)|java\\.nio\\.channels\\..*")
        .because(
            "the domain computes; the store, the control loop and the adapters read and write"
                + " (reading its own bundled price list as a resource is not I/O on the world)")
        .check(main);
  }

  @Test
  void nothingButTheAdaptersDependsOnTheAdapters() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.burnrate.mcp..", "dev.burnrate.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.burnrate.mcp..", "dev.burnrate.cli..")
        .check(main);
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.burnrate.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.burnrate.cli..")
        .check(main);
  }

  @Test
  void packagesFormNoCycles() {
    slices().matching("dev.burnrate.(*)..").should().beFreeOfCycles().check(main);
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
