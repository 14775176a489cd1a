"""factory_boy factories for every pytest-aquadata model, importable as ``factories``.

Values are realistic (names as the farm has them, weights in the stage's range) and seeded: the plugin's
session fixture ``aquadata_factories_seeded`` seeds factory_boy and Faker once per session (importing this
package seeds nothing), and ``factories.reseed()`` pins a test's values again.
SubFactory chains build what a row needs: ``ContainerFactory()`` makes a tank in a hall of a new station
of a geography. ``BatchFactory`` runs the engine and writes a batch's whole history (see ``lifecycle``).
"""

from factories._seed import reseed
from factories.batch import (
    ActualDailyAssignmentStateFactory,
    BatchContainerAssignmentFactory,
    BatchCreationWorkflowFactory,
    BatchTransferWorkflowFactory,
    CreationActionFactory,
    GrowthSampleFactory,
    IndividualGrowthObservationFactory,
    LifeCycleStageFactory,
    MortalityEventFactory,
    SpeciesFactory,
    TransferActionFactory,
)
from factories.broodstock import EggSupplierFactory
from factories.environmental import EnvironmentalParameterFactory, EnvironmentalReadingFactory
from factories.finance import DimCompanyFactory, DimSiteFactory, FactHarvestFactory
from factories.harvest import HarvestEventFactory, HarvestLotFactory, ProductGradeFactory
from factories.health import (
    FishParameterScoreFactory,
    HealthParameterFactory,
    HealthSamplingEventFactory,
    IndividualFishObservationFactory,
    JournalEntryFactory,
    LiceCountFactory,
    LiceTypeFactory,
    MortalityReasonFactory,
    TreatmentFactory,
    VaccinationTypeFactory,
)
from factories.infrastructure import (
    AreaFactory,
    AreaGroupFactory,
    ContainerFactory,
    ContainerTypeFactory,
    FeedContainerFactory,
    FreshwaterStationFactory,
    GeographyFactory,
    HallFactory,
    SensorFactory,
)
from factories.inventory import FeedContainerStockFactory, FeedFactory, FeedingEventFactory, FeedPurchaseFactory
from factories.lifecycle import BatchFactory
from factories.scenario import (
    FCRModelFactory,
    FCRModelStageFactory,
    MortalityModelFactory,
    ProjectionRunFactory,
    ScenarioFactory,
    ScenarioProjectionFactory,
    TemperatureProfileFactory,
    TemperatureReadingFactory,
    TGCModelFactory,
)

__all__ = [
    "ActualDailyAssignmentStateFactory", "AreaFactory", "AreaGroupFactory", "BatchContainerAssignmentFactory",
    "BatchCreationWorkflowFactory", "BatchFactory", "BatchTransferWorkflowFactory", "ContainerFactory",
    "ContainerTypeFactory", "CreationActionFactory", "DimCompanyFactory", "DimSiteFactory", "EggSupplierFactory",
    "EnvironmentalParameterFactory", "EnvironmentalReadingFactory", "FCRModelFactory", "FCRModelStageFactory",
    "FactHarvestFactory", "FeedContainerFactory", "FeedContainerStockFactory", "FeedFactory", "FeedPurchaseFactory",
    "FeedingEventFactory", "FishParameterScoreFactory", "FreshwaterStationFactory", "GeographyFactory",
    "GrowthSampleFactory", "HallFactory", "HarvestEventFactory", "HarvestLotFactory", "HealthParameterFactory",
    "HealthSamplingEventFactory", "IndividualFishObservationFactory", "IndividualGrowthObservationFactory",
    "JournalEntryFactory", "LiceCountFactory", "LiceTypeFactory", "LifeCycleStageFactory", "MortalityEventFactory",
    "MortalityModelFactory", "MortalityReasonFactory", "ProductGradeFactory", "ProjectionRunFactory",
    "ScenarioFactory", "ScenarioProjectionFactory", "SensorFactory", "SpeciesFactory", "TGCModelFactory",
    "TemperatureProfileFactory", "TemperatureReadingFactory", "TransferActionFactory", "TreatmentFactory",
    "VaccinationTypeFactory", "reseed",
]
