package dev.foodlens.sync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The dependency rules of style.md, as buckpal's DependencyRuleTests holds them. */
class ArchitectureTest {
  static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.foodlens.sync");

  @Test
  void pureCore_importsOnlyTheJdkAndJspecify() {
    noClasses().that().resideInAnyPackage("..sync.crdt..", "..sync.ledger..", "..sync.model..")
        .should().dependOnClassesThat().resideOutsideOfPackages("java..",
            "org.jspecify..", "dev.foodlens.sync.crdt..", "dev.foodlens.sync.ledger..",
            "dev.foodlens.sync.model..")
        .check(MAIN);
  }

  @Test
  void nothingImportsHttpOrApp_exceptAppItself() {
    noClasses().that().resideOutsideOfPackages("..sync.http..", "..sync.app..")
        .should().dependOnClassesThat().resideInAnyPackage("..sync.http..", "..sync.app..")
        .check(MAIN);
  }

  @Test
  void storeAndCache_doNotKnowHttp() {
    noClasses().that().resideInAnyPackage("..sync.store..", "..sync.cache..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx.ext.web..")
        .check(MAIN);
  }

  @Test
  void clientSdk_neverImportsVertx_norTheGatewaysShell() {
    noClasses().that().resideInAPackage("..sync.client..")
        .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "..sync.store..",
            "..sync.cache..", "..sync.ops..")
        .check(MAIN);
  }
}
