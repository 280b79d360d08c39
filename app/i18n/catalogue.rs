//! Every user-facing string, in English and French. Keep entries grouped by page.

use crate::catalogue;

catalogue! {
    // Layout
    SiteName { en: "Clubhouse", fr: "Clubhouse" }
    SkipToContent { en: "Skip to content", fr: "Aller au contenu" }
    NavHome { en: "Home", fr: "Accueil" }
    LanguageSwitch { en: "Language", fr: "Langue" }
    FooterTagline {
        en: "Clubhouse — club software that runs on one server.",
        fr: "Clubhouse — un logiciel de club qui tourne sur un seul serveur.",
    }

    // Home page
    HomeTitle { en: "Run your club, live", fr: "Gérez votre club, en direct" }
    HomeLead {
        en: "Clubhouse runs amateur sports clubs — curling and pickleball first: member accounts, league registration with fees and taxes, schedules, and live scores that spectators watch change in their browsers.",
        fr: "Clubhouse gère les clubs sportifs amateurs — le curling et le pickleball d’abord : comptes des membres, inscriptions aux ligues avec frais et taxes, horaires, et pointages en direct que les spectateurs voient changer dans leur navigateur.",
    }
    HomeLiveTitle { en: "Live scoring", fr: "Pointage en direct" }
    HomeLiveBody {
        en: "Scorekeepers enter each end or rally from a phone at the sheet; every screen in the lounge updates within a second.",
        fr: "Les marqueurs entrent chaque manche ou échange depuis un téléphone près de la piste; chaque écran du salon se met à jour en moins d’une seconde.",
    }
    HomeRegistrationTitle { en: "Registration", fr: "Inscriptions" }
    HomeRegistrationBody {
        en: "Programs with capacity, waitlists that promote themselves, and fees with your province's taxes on every receipt.",
        fr: "Des programmes avec capacité, des listes d’attente qui avancent d’elles-mêmes et des frais avec les taxes de votre province sur chaque reçu.",
    }
    HomeOneServerTitle { en: "One server, a few files", fr: "Un serveur, quelques fichiers" }
    HomeOneServerBody {
        en: "Everything lives in SQLite files on one machine, backed up continuously. Nothing else to run.",
        fr: "Tout vit dans des fichiers SQLite sur une seule machine, sauvegardés en continu. Rien d’autre à faire tourner.",
    }
    HomeSportsTitle { en: "Sports on this server", fr: "Sports sur ce serveur" }
    SportCurling { en: "Curling", fr: "Curling" }
    SportPickleball { en: "Pickleball", fr: "Pickleball" }

    // Errors
    ErrorNotFoundTitle { en: "Page not found", fr: "Page introuvable" }
    ErrorNotFoundBody {
        en: "There is no page at this address, or you may not see it.",
        fr: "Il n’y a pas de page à cette adresse, ou vous ne pouvez pas la voir.",
    }
    ErrorForbiddenTitle { en: "Not allowed", fr: "Action refusée" }
    ErrorForbiddenBody {
        en: "This action is not allowed. Reload the page and try again.",
        fr: "Cette action n’est pas permise. Rechargez la page et réessayez.",
    }
    ErrorInvalidTitle { en: "Please check what you entered", fr: "Veuillez vérifier votre saisie" }
    ErrorInvalidBody {
        en: "The request could not be understood. Reload the page and try again.",
        fr: "La requête n’a pas pu être comprise. Rechargez la page et réessayez.",
    }
    ErrorTooLargeTitle { en: "Too much data", fr: "Trop de données" }
    ErrorTooLargeBody {
        en: "What you sent is larger than this server accepts.",
        fr: "Ce que vous avez envoyé dépasse ce que ce serveur accepte.",
    }
    ErrorServerTitle { en: "Something went wrong", fr: "Un problème est survenu" }
    ErrorServerBody {
        en: "The server could not finish this request. Nothing you entered was lost; please try again in a moment.",
        fr: "Le serveur n’a pas pu terminer cette requête. Rien de ce que vous avez saisi n’est perdu; veuillez réessayer dans un instant.",
    }
    ErrorUnavailableTitle { en: "Temporarily unavailable", fr: "Temporairement indisponible" }
    ErrorUnavailableBody {
        en: "The server is busy or restarting. Please try again in a moment.",
        fr: "Le serveur est occupé ou redémarre. Veuillez réessayer dans un instant.",
    }
    ErrorReference { en: "Reference: {id}", fr: "Référence : {id}" }
    ErrorBackHome { en: "Back to the home page", fr: "Retour à l’accueil" }
}
